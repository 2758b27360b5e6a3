package io.github.springsocketio.autoconfigure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The process's limit of open files, which bounds how many connections it can hold: from the JVM's
 * {@code UnixOperatingSystemMXBean}, else from {@code /proc/self/limits}. Stateless.
 */
final class FileDescriptors {

	/** Descriptors a server needs besides its connections: jars, logs, selectors, listeners. */
	static final int OTHER_FILES = 256;

	/** The limit when it cannot be read. */
	static final long UNKNOWN = -1;

	private static final Log logger = LogFactory.getLog(FileDescriptors.class);

	private static final Path PROC_LIMITS = Path.of("/proc/self/limits");

	private static final String MAX_OPEN_FILES = "Max open files";

	private FileDescriptors() {
	}

	/**
	 * Return how many files the process may open (its soft limit).
	 * @return the limit, or {@link #UNKNOWN}
	 */
	static long limit() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
			return unix.getMaxFileDescriptorCount();
		}
		try {
			return fromProcLimits(Files.readAllLines(PROC_LIMITS));
		}
		catch (IOException | RuntimeException ex) {
			logger.trace("Could not read the process's file limit: " + ex);
			return UNKNOWN;
		}
	}

	/**
	 * Return the soft limit of open files from the lines of {@code /proc/<pid>/limits}.
	 * @param lines the lines
	 * @return the limit ({@link Long#MAX_VALUE} when unlimited), or {@link #UNKNOWN}
	 */
	static long fromProcLimits(List<String> lines) {
		for (String line : lines) {
			if (line.startsWith(MAX_OPEN_FILES)) {
				String[] columns = line.substring(MAX_OPEN_FILES.length()).trim().split("\\s+");
				if (columns.length > 0) {
					return columns[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(columns[0]);
				}
			}
		}
		return UNKNOWN;
	}

}
