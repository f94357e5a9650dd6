/**
 * Encodes Herald messages as JSON text frames with Jackson: see {@link
 * dev.herald.codec.json.JsonCodec}, and the client protocol {@code herald.v1.json}, {@link
 * dev.herald.codec.json.JsonProtocol}.
 */
@NullMarked
package dev.herald.codec.json;

import org.jspecify.annotations.NullMarked;
