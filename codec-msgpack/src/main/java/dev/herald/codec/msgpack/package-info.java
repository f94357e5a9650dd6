/**
 * Encodes Herald messages as MessagePack binary frames: see {@link
 * dev.herald.codec.msgpack.MsgpackCodec}, and the client protocol {@code herald.v1.msgpack}, {@link
 * dev.herald.codec.msgpack.MsgpackProtocol}.
 */
@NullMarked
package dev.herald.codec.msgpack;

import org.jspecify.annotations.NullMarked;
