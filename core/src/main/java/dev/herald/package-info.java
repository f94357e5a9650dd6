/**
 * What applications call: build a {@link dev.herald.ConnectionManager}, hand it a transport's
 * connections, and address them by connection, client, topic or all at once.
 */
@NullMarked
package dev.herald;

import org.jspecify.annotations.NullMarked;
