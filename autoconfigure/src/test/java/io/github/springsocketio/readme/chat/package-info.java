/**
 * Compiled examples of README.md; see {@link io.github.springsocketio.readme}.
 */
@NullMarked
package io.github.springsocketio.readme.chat;

import org.jspecify.annotations.NullMarked;
