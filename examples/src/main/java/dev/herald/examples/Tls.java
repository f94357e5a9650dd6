package dev.herald.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Loads the server's TLS context from a PKCS12 keystore, which the JDK reads without a library. */
final class Tls {
  private Tls() {}

  /**
   * Returns a server context presenting the key and certificate in {@code keystore}.
   *
   * @param password the password of the keystore and of its key
   * @throws IllegalArgumentException if the file cannot be read or is not a PKCS12 keystore with a
   *     key that the password opens
   */
  static SSLContext serverContext(Path keystore, char[] password) {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read keystore " + keystore + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "unusable keystore " + keystore + ": " + e.getMessage(), e);
    }
  }
}
