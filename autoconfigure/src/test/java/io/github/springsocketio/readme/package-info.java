/**
 * The Java examples of README.md, compiled: each ```java block of the README is a verbatim part of a
 * file here (or of another compiled source file), which {@code ReadmeSnippetsTests} checks.
 */
@NullMarked
package io.github.springsocketio.readme;

import org.jspecify.annotations.NullMarked;
