package dev.herald.transport.javawebsocket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.framing.Framedata;
import org.java_websocket.protocols.IProtocol;

/**
 * RFC 6455 with one change: a {@link PreparedFrame} goes out as the bytes it already holds, not
 * framed again per connection. It offers no extension, so no connection negotiates
 * permessage-deflate, which would need a frame per connection.
 */
final class SharedFrameDraft extends Draft_6455 {

  SharedFrameDraft(List<IExtension> extensions, List<IProtocol> protocols, int maxFrameSize) {
    super(extensions, protocols, maxFrameSize);
  }

  @Override
  public ByteBuffer createBinaryFrame(Framedata framedata) {
    if (framedata instanceof PreparedFrame prepared) {
      return prepared.wireBytes();
    }
    return super.createBinaryFrame(framedata);
  }

  @Override
  public Draft copyInstance() {
    List<IExtension> extensions = new ArrayList<>();
    for (IExtension extension : getKnownExtensions()) {
      extensions.add(extension.copyInstance());
    }
    List<IProtocol> protocols = new ArrayList<>();
    for (IProtocol protocol : getKnownProtocols()) {
      protocols.add(protocol.copyInstance());
    }
    return new SharedFrameDraft(extensions, protocols, getMaxFrameSize());
  }
}
