package dev.herald.transport.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.RawClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.Test;

/** The violations of RFC 6455 the reader refuses, each with its close code, and what it lets by. */
class FrameReaderTest {
  private final FrameReader reader = new FrameReader(1000);

  @Test
  void aMaskedTextFrameIsHandedOverUnmasked() {
    List<Framedata> frames = read(RawClient.frame(0x81, bytes("hello"), true));

    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).getOpcode()).isEqualTo(Opcode.TEXT);
    assertThat(text(frames.get(0))).isEqualTo("hello");
  }

  @Test
  void anEmptyCloseFrameAndOneWithACodeAndReasonAreLetBy() {
    List<Framedata> frames =
        read(
            RawClient.frame(0x88, new byte[0], true),
            RawClient.frame(0x88, new byte[] {0x0F, (byte) 0xA0, 'o', 'k'}, true));

    assertThat(frames).hasSize(2);
    assertThat(((CloseFrame) frames.get(0)).getCloseCode()).isEqualTo(1000);
    assertThat(((CloseFrame) frames.get(1)).getCloseCode()).isEqualTo(4000);
    assertThat(((CloseFrame) frames.get(1)).getMessage()).isEqualTo("ok");
  }

  @Test
  void reservedBitsAreAProtocolError() {
    assertViolation(1002, RawClient.frame(0xC1, bytes("x"), true));
  }

  @Test
  void aControlFrameOver125BytesIsAProtocolError() {
    assertViolation(1002, RawClient.frame(0x89, new byte[126], true));
  }

  @Test
  void aFragmentedControlFrameIsAProtocolError() {
    assertViolation(1002, RawClient.frame(0x09, new byte[1], true));
  }

  @Test
  void aContinuationWithoutAMessageIsAProtocolError() {
    assertViolation(1002, RawClient.frame(0x80, bytes("x"), true));
  }

  @Test
  void aNewMessageInsideAFragmentedOneIsAProtocolError() {
    assertViolation(
        1002, RawClient.frame(0x01, bytes("a"), true), RawClient.frame(0x81, bytes("b"), true));
  }

  @Test
  void closeCodesThatMustNotBeSentAreAProtocolError() {
    for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2999, 5000}) {
      FrameReader fresh = new FrameReader(1000);
      byte[] payload = {(byte) (code >>> 8), (byte) code};

      List<Framedata> frames = fresh.read(ByteBuffer.wrap(RawClient.frame(0x88, payload, true)));

      assertThat(frames).as("close code %d", code).hasSize(1);
      assertThat(((FrameReader.Violation) frames.get(0)).code()).isEqualTo(1002);
    }
  }

  @Test
  void aLengthWithItsTopBitSetIsTooBig() {
    byte[] head = RawClient.frameHead(0x82, Long.MIN_VALUE + 5);

    assertViolation(1009, head);
  }

  @Test
  void nothingIsReadAfterAViolation() {
    List<Framedata> frames =
        read(
            RawClient.frame(0x81, bytes("before"), true),
            RawClient.frame(0x81, bytes("unmasked"), false),
            RawClient.frame(0x81, bytes("after"), true));

    assertThat(frames).hasSize(2);
    assertThat(text(frames.get(0))).isEqualTo("before");
    assertThat(frames.get(1)).isInstanceOf(FrameReader.Violation.class);
    assertThat(reader.read(ByteBuffer.wrap(RawClient.frame(0x81, bytes("later"), true)))).isEmpty();
  }

  private void assertViolation(int code, byte[]... frames) {
    List<Framedata> read = read(frames);

    assertThat(read).isNotEmpty();
    assertThat(read.get(read.size() - 1)).isInstanceOf(FrameReader.Violation.class);
    assertThat(((FrameReader.Violation) read.get(read.size() - 1)).code()).isEqualTo(code);
  }

  private List<Framedata> read(byte[]... frames) {
    int length = 0;
    for (byte[] frame : frames) {
      length += frame.length;
    }
    ByteBuffer all = ByteBuffer.allocate(length);
    for (byte[] frame : frames) {
      all.put(frame);
    }
    return reader.read(all.flip());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Framedata frame) {
    return StandardCharsets.UTF_8.decode(frame.getPayloadData()).toString();
  }
}
