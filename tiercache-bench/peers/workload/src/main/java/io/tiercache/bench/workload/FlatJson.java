package io.tiercache.bench.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses a flat JSON object of strings and numbers, as {@link Result#toJson()} writes it. */
final class FlatJson {

  private FlatJson() {}

  static Map<String, String> parse(String json) {
    String text = json.trim();
    if (!text.startsWith("{") || !text.endsWith("}")) {
      throw new IllegalArgumentException("not a JSON object: " + json);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    int i = 1;
    int end = text.length() - 1;
    while (i < end) {
      i = skipSpace(text, i);
      if (text.charAt(i) == ',') {
        i++;
        continue;
      }
      StringBuilder name = new StringBuilder();
      i = readString(text, i, name);
      i = skipSpace(text, i);
      if (text.charAt(i) != ':') {
        throw new IllegalArgumentException("expected ':' at " + i + " of " + json);
      }
      i = skipSpace(text, i + 1);
      StringBuilder value = new StringBuilder();
      if (text.charAt(i) == '"') {
        i = readString(text, i, value);
      } else {
        while (i < end && text.charAt(i) != ',') {
          value.append(text.charAt(i++));
        }
      }
      fields.put(name.toString(), value.toString().trim());
      i = skipSpace(text, i);
    }
    return fields;
  }

  private static int skipSpace(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int readString(String text, int start, StringBuilder into) {
    if (text.charAt(start) != '"') {
      throw new IllegalArgumentException("expected '\"' at " + start + " of " + text);
    }
    int i = start + 1;
    while (text.charAt(i) != '"') {
      char c = text.charAt(i);
      if (c == '\\') {
        char next = text.charAt(i + 1);
        if (next == 'u') {
          into.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
          i += 6;
        } else {
          into.append(next);
          i += 2;
        }
      } else {
        into.append(c);
        i++;
      }
    }
    return i + 1;
  }
}
