/**
 * The sample application.
 */
@NullMarked
package io.github.springsocketio.sample;

import org.jspecify.annotations.NullMarked;
