package dev.logcontext.logctx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code logctx trace --url}: the events whose id field equals the id, from an OpenSearch or
 * Elasticsearch cluster's {@code _search} API, printed as {@link Timeline} prints them from files.
 *
 * <p>Pages of {@value #PAGE_SIZE} hits, sorted by {@code @timestamp}, then {@code _index} and
 * {@code _seq_no} (unique within a shard: ties break the way the lines were indexed), are fetched
 * one after the other with {@code search_after} and printed as they arrive, so memory is one page.
 * Each id field is matched as a term on the field itself and on its {@code .keyword} sub-field
 * (what dynamic mapping makes of a string without a template). {@code --json} prints each hit's
 * {@code _source} as the cluster returns it: the line as it was shipped.
 *
 * <p>Errors (cluster unreachable, no index matching the pattern, authentication refused, any other
 * error answer) end the trace with a message on stderr naming the URL and status 2; what was
 * printed before stays printed. Shards that failed to answer give a note on stderr and status 2
 * after the timeline. Not thread-safe (one per run).
 */
final class ClusterTrace {
  static final int PAGE_SIZE = 1000;

  private final int pageSize;

  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

  /** Where to search, and as whom. */
  record Target(URI base, String indexPattern, String user, String password) {}

  /** An error answer or failure, already phrased for the user. */
  static final class SearchFailure extends Exception {
    private static final long serialVersionUID = 1L;

    SearchFailure(String message) {
      super(message);
    }
  }

  private final Target target;
  private final String id;
  private final List<String> fields;
  private final PrintStream out;
  private final PrintStream err;
  private final Timeline timeline;
  private final HttpClient http;
  private final EventParser parser;
  private long withoutSource;
  private long failedShards;

  ClusterTrace(
      Target target,
      String id,
      List<String> fields,
      boolean json,
      PrintStream out,
      PrintStream err) {
    this(target, id, fields, json, out, err, PAGE_SIZE);
  }

  /** A trace fetching pages of {@code pageSize} hits. */
  ClusterTrace(
      Target target,
      String id,
      List<String> fields,
      boolean json,
      PrintStream out,
      PrintStream err,
      int pageSize) {
    this.pageSize = pageSize;
    this.target = target;
    this.id = id;
    this.fields = fields;
    this.out = out;
    this.err = err;
    this.timeline = new Timeline(id, fields, json, out);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.parser = new EventParser(fields, id);
  }

  /** Runs the trace; returns 0 when something matched, 1 when nothing did, 2 on an error. */
  int run() {
    long printed = 0;
    String searchAfter = null;
    try {
      while (!out.checkError()) {
        Page page = parse(search(searchAfter));
        for (LogEvent event : page.events()) {
          timeline.print(event);
        }
        printed += page.events().size();
        if (page.hits() < pageSize || page.lastSort() == null) {
          break;
        }
        searchAfter = page.lastSort();
      }
    } catch (SearchFailure e) {
      out.flush();
      err.println("logctx: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.flush();
      err.println("logctx: interrupted");
      return 2;
    }
    out.flush();
    if (withoutSource > 0) {
      err.println(
          "logctx: "
              + withoutSource
              + " matching hit"
              + (withoutSource == 1 ? "" : "s")
              + " without a JSON object _source skipped (is _source disabled?)");
    }
    if (failedShards > 0) {
      err.println(
          "logctx: "
              + target.base()
              + ": "
              + failedShards
              + " shard"
              + (failedShards == 1 ? "" : "s")
              + " failed to answer; the timeline may be incomplete");
      return 2;
    }
    return printed > 0 ? 0 : 1;
  }

  /** The request body: the id as a term in any of the fields, sorted, after {@code searchAfter}. */
  private String query(String searchAfter) {
    StringWriter body = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(body)) {
      json.writeStartObject();
      json.writeNumberField("size", pageSize);
      json.writeBooleanField("track_total_hits", false);
      json.writeObjectFieldStart("query");
      json.writeObjectFieldStart("bool");
      json.writeArrayFieldStart("should");
      for (String field : fields) {
        for (String name : List.of(field, field + ".keyword")) {
          json.writeStartObject();
          json.writeObjectFieldStart("term");
          json.writeStringField(name, id);
          json.writeEndObject();
          json.writeEndObject();
        }
      }
      json.writeEndArray();
      json.writeNumberField("minimum_should_match", 1);
      json.writeEndObject();
      json.writeEndObject();
      json.writeArrayFieldStart("sort");
      json.writeStartObject();
      json.writeObjectFieldStart("@timestamp");
      json.writeStringField("order", "asc");
      json.writeStringField("unmapped_type", "date");
      json.writeEndObject();
      json.writeEndObject();
      json.writeStartObject();
      json.writeStringField("_index", "asc");
      json.writeEndObject();
      json.writeStartObject();
      json.writeStringField("_seq_no", "asc");
      json.writeEndObject();
      json.writeEndArray();
      if (searchAfter != null) {
        json.writeFieldName("search_after");
        json.writeRawValue(searchAfter);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing to a string", e);
    }
    return body.toString();
  }

  private byte[] search(String searchAfter) throws SearchFailure, InterruptedException {
    String path =
        "/"
            + URLEncoder.encode(target.indexPattern(), StandardCharsets.UTF_8).replace("%2A", "*")
            + "/_search?allow_no_indices=false&ignore_unavailable=false";
    String base = target.base().toString();
    URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(query(searchAfter), StandardCharsets.UTF_8));
    if (target.user() != null) {
      String credentials = target.user() + ":" + target.password();
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new SearchFailure("cannot connect to " + target.base() + " (" + describe(e) + ")");
    } catch (HttpTimeoutException e) {
      throw new SearchFailure(target.base() + " did not answer within 60 s");
    } catch (IOException e) {
      throw new SearchFailure("cannot search " + target.base() + " (" + describe(e) + ")");
    }
    int status = response.statusCode();
    if (status == 200) {
      return response.body();
    }
    String reason = errorReason(response.body());
    if (status == 401 || status == 403) {
      throw new SearchFailure(
          target.base()
              + ": "
              + (status == 401 ? "authentication failed" : "access denied")
              + " (HTTP "
              + status
              + (target.user() == null
                  ? "; no credentials were given: use --user U --password-env VAR"
                  : " for user '" + target.user() + "'")
              + ")");
    }
    if (status == 404 && reason.contains("index_not_found_exception")) {
      throw new SearchFailure(
          target.base() + ": no index matches '" + target.indexPattern() + "' (" + reason + ")");
    }
    throw new SearchFailure(target.base() + ": search failed with HTTP " + status + ": " + reason);
  }

  private static String describe(Exception e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /** The {@code error.type: error.reason} of an error answer, or its first characters. */
  static String errorReason(byte[] body) {
    String type = null;
    String reason = null;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() == JsonToken.START_OBJECT) {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
          String name = json.currentName();
          JsonToken value = json.nextToken();
          if (name.equals("error") && value == JsonToken.START_OBJECT) {
            while (json.nextToken() == JsonToken.FIELD_NAME) {
              String inner = json.currentName();
              json.nextToken();
              if (inner.equals("type")) {
                type = json.getText();
              } else if (inner.equals("reason")) {
                reason = json.getText();
              } else {
                json.skipChildren();
              }
            }
          } else {
            json.skipChildren();
          }
        }
      }
    } catch (IOException notJson) {
      // fall through to the raw text
    }
    if (type != null) {
      return Timeline.clean(reason == null ? type : type + ": " + reason);
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return Timeline.clean(text.length() > 200 ? text.substring(0, 200) + "…" : text);
  }

  /** One answer's matching events, how many hits it had, and the last hit's sort values. */
  private record Page(List<LogEvent> events, int hits, String lastSort) {}

  private Page parse(byte[] body) throws SearchFailure {
    List<LogEvent> events = new ArrayList<>();
    int hits = 0;
    String lastSort = null;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        if (name.equals("hits") && value == JsonToken.START_OBJECT) {
          while (json.nextToken() == JsonToken.FIELD_NAME) {
            String inner = json.currentName();
            JsonToken innerValue = json.nextToken();
            if (inner.equals("hits") && innerValue == JsonToken.START_ARRAY) {
              while (json.nextToken() == JsonToken.START_OBJECT) {
                lastSort = hit(json, body, events);
                hits++;
              }
            } else {
              json.skipChildren();
            }
          }
        } else if (name.equals("_shards") && value == JsonToken.START_OBJECT) {
          while (json.nextToken() == JsonToken.FIELD_NAME) {
            String inner = json.currentName();
            JsonToken innerValue = json.nextToken();
            if (inner.equals("failed") && innerValue == JsonToken.VALUE_NUMBER_INT) {
              failedShards = Math.max(failedShards, json.getLongValue());
            } else {
              json.skipChildren();
            }
          }
        } else if (name.equals("timed_out") && value == JsonToken.VALUE_TRUE) {
          throw new SearchFailure(target.base() + ": the search timed out");
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new SearchFailure(target.base() + ": unreadable search answer (" + describe(e) + ")");
    }
    return new Page(events, hits, lastSort);
  }

  /** Reads one hit (the parser is on its START_OBJECT); returns its sort values as JSON. */
  private String hit(JsonParser json, byte[] body, List<LogEvent> events) throws IOException {
    String index = "";
    String sort = null;
    int sourceStart = -1;
    int sourceEnd = -1;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      if (name.equals("_index") && value == JsonToken.VALUE_STRING) {
        index = json.getText();
      } else if (name.equals("_source") && value == JsonToken.START_OBJECT) {
        sourceStart = (int) json.currentTokenLocation().getByteOffset();
        json.skipChildren();
        sourceEnd = (int) json.currentLocation().getByteOffset();
      } else if (name.equals("sort") && value == JsonToken.START_ARRAY) {
        int start = (int) json.currentTokenLocation().getByteOffset();
        json.skipChildren();
        int end = (int) json.currentLocation().getByteOffset();
        sort = new String(body, start, end - start, StandardCharsets.UTF_8);
      } else {
        json.skipChildren();
      }
    }
    if (sourceStart >= 0
        && parser.parse(body, sourceStart, sourceEnd) != EventParser.Outcome.MALFORMED) {
      events.add(parser.event(body, sourceStart, sourceEnd, 0, events.size(), index));
    } else {
      withoutSource++;
    }
    return sort;
  }
}
