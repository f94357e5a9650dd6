package dev.herald.transport.jakarta;

import dev.herald.spi.Connector;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Settles one upgrade the filter admitted: the manager's preferred subprotocol, no extension, and
 * the endpoint already made for this connection.
 */
final class UpgradeConfigurator extends ServerEndpointConfig.Configurator {
  private final Connector connector;
  private final ContainerEndpoint endpoint;

  UpgradeConfigurator(Connector connector, ContainerEndpoint endpoint) {
    this.connector = connector;
    this.endpoint = endpoint;
  }

  @Override
  public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
    // The container's default takes the client's first; the manager's order decides here.
    String chosen = connector.selectSubprotocol(requested);
    return chosen == null ? "" : chosen;
  }

  @Override
  public List<Extension> getNegotiatedExtensions(
      List<Extension> installed, List<Extension> requested) {
    // No permessage-deflate: it would compress per connection, not once per broadcast.
    return List.of();
  }

  @Override
  public void modifyHandshake(
      ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    // The filter did all there is to do; the container's default is not asked.
  }

  @Override
  public boolean checkOrigin(String originHeaderValue) {
    // The manager's admission checked it against the allow-list before the upgrade.
    return true;
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(endpoint);
  }
}
