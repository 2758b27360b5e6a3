/**
 * Scale-out through Redis: {@link io.github.springsocketio.redis.RedisAdapterFactory} creates the
 * adapters that share rooms, broadcasts and cluster requests with the other server nodes, Java or
 * Node ({@code @socket.io/redis-adapter} 8.x, classic pub/sub mode), on the same channels and bytes.
 * {@link io.github.springsocketio.redis.ClusterAdapter} is socket.io-adapter's
 * {@code ClusterAdapter} message model ({@link io.github.springsocketio.redis.ClusterMessage}), the
 * base of the transports that use it (sharded pub/sub, streams).
 */
@NullMarked
package io.github.springsocketio.redis;

import org.jspecify.annotations.NullMarked;
