package dev.herald.transport.jakarta;

import dev.herald.Admission;
import dev.herald.Handshake;
import dev.herald.spi.Connector;
import dev.herald.spi.Link;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One admitted connection, as the container sees it: made by the upgrade with the handshake the
 * filter admitted, it opens the connection on the manager and reports what the peer sends.
 *
 * <p>The container calls it for one session, from one thread at a time.
 */
final class ContainerEndpoint extends Endpoint {
  private static final String TOMCAT_CLOSE_TIMEOUT =
      "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";
  private static final Long CLOSE_TIMEOUT_MILLIS = 1000L;

  private final Connector connector;
  private final Handshake handshake;
  private final Admission.Accepted admission;
  private final Writers writers;
  private @Nullable Link link;
  private @Nullable ContainerTransport transport;
  private boolean lost;

  ContainerEndpoint(
      Connector connector, Handshake handshake, Admission.Accepted admission, Writers writers) {
    this.connector = connector;
    this.handshake = handshake;
    this.admission = admission;
    this.writers = writers;
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    // Herald runs the heartbeat; the container's idle timeout would close quiet peers it keeps.
    session.setMaxIdleTimeout(0);
    // Tomcat waits 30 s for the answer to a close frame by default; the manager gives up sooner.
    session.getUserProperties().put(TOMCAT_CLOSE_TIMEOUT, CLOSE_TIMEOUT_MILLIS);
    String subprotocol = session.getNegotiatedSubprotocol();
    Link opened =
        connector.open(
            handshake,
            admission,
            subprotocol == null || subprotocol.isEmpty() ? null : subprotocol,
            l -> {
              ContainerTransport writer = new ContainerTransport(session, l, writers);
              transport = writer;
              writers.add(writer);
              return writer;
            });
    link = opened;
    Assembler parts = new Assembler(opened, connector.maxMessageSize());
    session.addMessageHandler(String.class, (MessageHandler.Partial<String>) parts::onText);
    session.addMessageHandler(byte[].class, (MessageHandler.Partial<byte[]>) parts::onBinary);
    session.addMessageHandler(PongMessage.class, pong -> opened.onPong());
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    Link opened = link;
    ContainerTransport writer = transport;
    if (opened == null) {
      return;
    }
    if (writer != null) {
      writers.remove(writer);
    }
    int code = reason.getCloseCode().getCode();
    if (lost) {
      // The socket failed first: whatever the container says, the connection was lost.
      opened.onClose(1006, "connection lost", true);
    } else {
      boolean sent = writer != null && writer.closeSent();
      opened.onClose(code, reason.getReasonPhrase(), !sent && !isViolation(code));
    }
  }

  /**
   * Returns whether a close this side did not send is one the container sent for a peer that broke
   * the protocol: the Jakarta API reports it as it reports the peer's own close.
   */
  private static boolean isViolation(int code) {
    return code == 1002 || code == 1007 || code == 1009;
  }

  @Override
  public void onError(Session session, Throwable error) {
    if (error instanceof IOException) {
      // A reset or an end of stream: the container reports the close next.
      lost = true;
      return;
    }
    Link opened = link;
    if (opened != null) {
      opened.onError(error);
    }
  }
}
