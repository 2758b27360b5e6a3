/**
 * This starter, configured only through its public API and default settings.
 */
@NullMarked
package io.github.springsocketio.benchmarks.starter;

import org.jspecify.annotations.NullMarked;
