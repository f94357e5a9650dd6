/**
 * Encodes Herald messages as MessagePack binary frames: see {@link
 * dev.herald.codec.msgpack.MsgpackCodec}.
 */
@NullMarked
package dev.herald.codec.msgpack;

import org.jspecify.annotations.NullMarked;
