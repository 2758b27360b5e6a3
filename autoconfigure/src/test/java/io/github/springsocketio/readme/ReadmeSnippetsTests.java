package io.github.springsocketio.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's Java examples compiling: every {@code ```java} block of README.md must be a
 * verbatim part (same characters, tabs included) of a Java source file that the build compiles, a
 * {@code src/main/java} or {@code src/test/java} file of one of the project's modules. The README's
 * own examples live in this package ({@code io.github.springsocketio.readme}) with their imports; the
 * tester examples are the {@code test} module's own tests. To add an example: write it in a file here,
 * then copy from its first {@code import} (or from the lines the README shows) into a {@code ```java}
 * block.
 */
class ReadmeSnippetsTests {

	private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern JAVA_BLOCK = Pattern.compile("^```java\\n(.*?)^```$",
			Pattern.MULTILINE | Pattern.DOTALL);

	@Test
	void everyJavaBlockOfTheReadmeIsPartOfACompiledSourceFile() {
		List<Snippet> snippets = snippets(read(PROJECT.resolve("README.md")));
		assertThat(snippets).hasSizeGreaterThanOrEqualTo(8);
		assertThat(notCompiled(snippets, compiledSources()))
			.as("```java blocks of README.md that are not a verbatim part of a compiled source file; write them in "
					+ "autoconfigure/src/test/java/io/github/springsocketio/readme/ and copy them from there")
			.isEmpty();
	}

	@Test
	void aBlockThatDiffersFromItsSourceIsReported() {
		List<Snippet> snippets = snippets(read(PROJECT.resolve("README.md")));
		Snippet first = snippets.get(0);
		Snippet changed = new Snippet(first.line(), first.code().replaceFirst("\\(", "( "));
		assertThat(notCompiled(List.of(first, changed), compiledSources())).containsExactly(changed.toString());
	}

	private static List<String> notCompiled(List<Snippet> snippets, List<String> sources) {
		List<String> missing = new ArrayList<>();
		for (Snippet snippet : snippets) {
			if (sources.stream().noneMatch((source) -> source.contains(snippet.code()))) {
				missing.add(snippet.toString());
			}
		}
		return missing;
	}

	private static List<Snippet> snippets(String readme) {
		List<Snippet> snippets = new ArrayList<>();
		Matcher matcher = JAVA_BLOCK.matcher(readme);
		while (matcher.find()) {
			int line = (int) readme.substring(0, matcher.start()).chars().filter((c) -> c == '\n').count() + 1;
			snippets.add(new Snippet(line, matcher.group(1)));
		}
		return snippets;
	}

	private static List<String> compiledSources() {
		List<String> sources = new ArrayList<>();
		try (Stream<Path> modules = Files.list(PROJECT)) {
			for (Path module : modules.filter((path) -> Files.isRegularFile(path.resolve("pom.xml"))).toList()) {
				for (String root : List.of("src/main/java", "src/test/java")) {
					Path directory = module.resolve(root);
					if (Files.isDirectory(directory)) {
						try (Stream<Path> files = Files.walk(directory)) {
							files.filter((path) -> path.toString().endsWith(".java"))
								.forEach((path) -> sources.add(read(path)));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return sources;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Snippet(int line, String code) {

		@Override
		public String toString() {
			return "README.md line " + this.line + ": " + this.code.lines().findFirst().orElse("");
		}

	}

}
