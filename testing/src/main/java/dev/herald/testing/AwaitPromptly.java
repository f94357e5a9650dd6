package dev.herald.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Makes every Awaitility wait of a test run that has this kit on its class path check its condition
 * at once and then every 10 ms. Awaitility's defaults wait 100 ms before the first check, even for
 * a condition that already holds: with thousands of waits, minutes of the suite were spent there.
 * The JUnit Platform finds this listener through {@code META-INF/services}.
 */
public final class AwaitPromptly implements LauncherSessionListener {

  /** Made by the JUnit Platform. */
  public AwaitPromptly() {}

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    Awaitility.setDefaultPollDelay(Duration.ZERO);
    Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
  }
}
