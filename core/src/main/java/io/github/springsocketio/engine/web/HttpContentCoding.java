package io.github.springsocketio.engine.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * The content codings the endpoint compresses HTTP responses with, and their negotiation from a
 * request's {@code Accept-Encoding} header as the reference server's {@code accepts} package does:
 * the coding with the highest quality value wins, a tie goes to the coding the client listed first,
 * a {@code *} stands for any coding not listed, and a request without the header gets none.
 *
 * <p>Thread-safe: immutable constants.
 */
enum HttpContentCoding {

	/** {@code gzip} (RFC 1952). */
	GZIP("gzip"),

	/** {@code deflate}: a zlib stream (RFC 1950), as Node's {@code zlib.createDeflate} writes it. */
	DEFLATE("deflate");

	private final String token;

	HttpContentCoding(String token) {
		this.token = token;
	}

	/**
	 * Return the value of the {@code Content-Encoding} header.
	 * @return the token
	 */
	String token() {
		return this.token;
	}

	/**
	 * Compress a body.
	 * @param body the bytes
	 * @return the compressed bytes
	 */
	byte[] compress(byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
		try (OutputStream stream = (this == GZIP) ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
			stream.write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * Return the coding to answer a request with.
	 * @param acceptEncoding the request's {@code Accept-Encoding} header, or {@code null}
	 * @return the coding, or {@code null} for none (identity)
	 */
	static @Nullable HttpContentCoding negotiate(@Nullable String acceptEncoding) {
		if (acceptEncoding == null || acceptEncoding.isBlank()) {
			return null;
		}
		HttpContentCoding best = null;
		double bestQuality = 0;
		int bestOrder = Integer.MAX_VALUE;
		for (HttpContentCoding coding : values()) {
			double quality = -1;
			int order = Integer.MAX_VALUE;
			double wildcardQuality = -1;
			int wildcardOrder = Integer.MAX_VALUE;
			String[] entries = acceptEncoding.split(",");
			for (int i = 0; i < entries.length; i++) {
				String[] parts = entries[i].split(";");
				String token = parts[0].trim().toLowerCase(Locale.ROOT);
				double q = quality(parts);
				if (token.equals(coding.token)) {
					quality = q;
					order = i;
				}
				else if (token.equals("*")) {
					wildcardQuality = q;
					wildcardOrder = i;
				}
			}
			if (quality < 0) {
				quality = wildcardQuality;
				order = wildcardOrder;
			}
			if (quality > bestQuality || (quality == bestQuality && quality > 0 && order < bestOrder)) {
				best = coding;
				bestQuality = quality;
				bestOrder = order;
			}
		}
		return best;
	}

	private static double quality(String[] parts) {
		for (int i = 1; i < parts.length; i++) {
			String parameter = parts[i].trim();
			if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
					&& parameter.charAt(1) == '=') {
				try {
					return Double.parseDouble(parameter.substring(2).trim());
				}
				catch (NumberFormatException ex) {
					return 0;
				}
			}
		}
		return 1;
	}

}
