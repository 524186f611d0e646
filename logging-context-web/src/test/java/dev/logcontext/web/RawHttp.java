package dev.logcontext.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends hand-written HTTP/1.1 requests over a loopback socket, byte for byte, so that header values
 * that {@code HttpClient} refuses to send (control characters, raw non-ASCII bytes) reach the
 * server.
 */
final class RawHttp {
  /** A response: status, headers (lower-case names) and body. */
  record Response(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    /** The body's {@code key=value} lines as a map. */
    Map<String, String> fields() {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : body.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return fields;
    }
  }

  private RawHttp() {}

  /** Sends {@code GET path} with {@code headerBytes} (complete lines, CRLF-terminated). */
  static Response get(int port, String path, byte[] headerBytes) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(headerBytes);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toByteArray();
  }

  private static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    String head = headEnd < 0 ? text : text.substring(0, headEnd);
    String body = headEnd < 0 ? "" : text.substring(headEnd + 4);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    String decoded = new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    return new Response(status, headers, decoded);
  }
}
