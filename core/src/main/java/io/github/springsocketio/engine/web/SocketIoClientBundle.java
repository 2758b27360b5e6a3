package io.github.springsocketio.engine.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

/**
 * The browser client bundle that the reference server serves next to its endpoint ({@code serveClient},
 * on by default): {@code <path>/socket.io.js}, {@code socket.io.min.js}, {@code socket.io.esm.min.js},
 * {@code socket.io.msgpack.min.js} and their source maps, the {@code dist} files of the npm package
 * {@code socket.io-client} pinned at build time (in the jar under {@value #LOCATION}).
 *
 * <p>Answered as the reference server answers them: {@code ETag} the quoted client version,
 * {@code 304} to an {@code If-None-Match} of that tag (weak or strong),
 * {@code Cache-Control: public, max-age=0}, {@code application/javascript; charset=utf-8} (the maps
 * {@code application/json; charset=utf-8}), compressed with gzip or deflate when the request
 * accepts it (Node also offers Brotli, which the JDK does not write), with {@code Vary: Accept-Encoding}
 * (not in Node: a shared cache must not hand a compressed copy to a client that did not ask for one). Register it on an endpoint
 * with {@link EngineIoEndpoint#httpHandlerMapping(SocketIoClientBundle)}.
 *
 * <p>Thread-safe: each file is read from the class path once, on its first request, and kept.
 */
public final class SocketIoClientBundle {

	/** Where the files are on the class path. */
	public static final String LOCATION = "META-INF/socketio/client/";

	/** The files served, by name below the endpoint's path. */
	public static final List<String> FILES = List.of("socket.io.js", "socket.io.js.map", "socket.io.min.js",
			"socket.io.min.js.map", "socket.io.esm.min.js", "socket.io.esm.min.js.map", "socket.io.msgpack.min.js",
			"socket.io.msgpack.min.js.map");

	private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

	private final ClassLoader classLoader;

	private final String version;

	private final String etag;

	private final String weakEtag;

	private final Map<String, byte[]> files = new ConcurrentHashMap<>();

	private final Map<String, byte[]> compressed = new ConcurrentHashMap<>();

	private SocketIoClientBundle(ClassLoader classLoader, String version) {
		this.classLoader = classLoader;
		this.version = version;
		this.etag = "\"" + version + "\"";
		this.weakEtag = "W/" + this.etag;
	}

	/**
	 * Return the bundle on the class path of this library.
	 * @return the bundle
	 * @throws IllegalStateException if the jar holds no bundle
	 */
	public static SocketIoClientBundle load() {
		return load(SocketIoClientBundle.class.getClassLoader());
	}

	/**
	 * Return the bundle on a class path.
	 * @param classLoader where to find {@value #LOCATION}
	 * @return the bundle
	 * @throws IllegalStateException if the class path holds no bundle
	 */
	public static SocketIoClientBundle load(ClassLoader classLoader) {
		Assert.notNull(classLoader, "ClassLoader must not be null");
		byte[] packageJson = read(classLoader, LOCATION + "package.json");
		Assert.state(packageJson != null, () -> "No Socket.IO client bundle at " + LOCATION + " on the class path");
		Matcher matcher = VERSION.matcher(new String(packageJson, StandardCharsets.UTF_8));
		Assert.state(matcher.find(), () -> "No version in " + LOCATION + "package.json");
		return new SocketIoClientBundle(classLoader, matcher.group(1));
	}

	/**
	 * Return the version of the npm package {@code socket.io-client} the files come from.
	 * @return the version, such as {@code 4.8.4}
	 */
	public String version() {
		return this.version;
	}

	/**
	 * Return the bytes of one file.
	 * @param name one of {@link #FILES}
	 * @return the bytes (not to be modified), or {@code null} if no such file is served
	 */
	public byte @Nullable [] file(String name) {
		if (!FILES.contains(name)) {
			return null;
		}
		return this.files.computeIfAbsent(name, (file) -> {
			byte[] bytes = read(this.classLoader, LOCATION + file);
			Assert.state(bytes != null, () -> "No " + file + " in the Socket.IO client bundle at " + LOCATION);
			return bytes;
		});
	}

	/**
	 * Answer a request for one file.
	 * @param name one of {@link #FILES}
	 * @param request the request
	 * @param response the response
	 * @throws IOException if the response cannot be written
	 */
	void serve(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
		byte[] body = file(name);
		if (body == null) {
			response.setStatus(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
		if (this.etag.equals(ifNoneMatch) || this.weakEtag.equals(ifNoneMatch)) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		response.setStatus(HttpServletResponse.SC_OK);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=0");
		response.setContentType(
				"application/" + (name.endsWith(".map") ? "json" : "javascript") + "; charset=utf-8");
		response.setHeader(HttpHeaders.ETAG, this.etag);
		response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		HttpContentCoding coding = HttpContentCoding.negotiate(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
		if (coding != null) {
			byte[] identity = body;
			body = this.compressed.computeIfAbsent(coding.token() + ":" + name, (key) -> coding.compress(identity));
			response.setHeader(HttpHeaders.CONTENT_ENCODING, coding.token());
		}
		response.setContentLength(body.length);
		if (!"HEAD".equals(request.getMethod())) {
			response.getOutputStream().write(body);
		}
	}

	private static byte @Nullable [] read(ClassLoader classLoader, String location) {
		try (InputStream in = classLoader.getResourceAsStream(location)) {
			return (in != null) ? in.readAllBytes() : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
