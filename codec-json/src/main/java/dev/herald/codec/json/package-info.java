/**
 * Encodes Herald messages as JSON text frames with Jackson: see {@link
 * dev.herald.codec.json.JsonCodec}.
 */
@NullMarked
package dev.herald.codec.json;

import org.jspecify.annotations.NullMarked;
