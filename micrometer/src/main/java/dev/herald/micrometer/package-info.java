/**
 * Exposes a Herald manager's figures to Micrometer: see {@link
 * dev.herald.micrometer.HeraldMetrics}.
 */
@NullMarked
package dev.herald.micrometer;

import org.jspecify.annotations.NullMarked;
