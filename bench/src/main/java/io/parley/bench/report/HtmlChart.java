package io.parley.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A self-contained HTML page (inline SVG, no script, nothing fetched) with the run's latency,
 * throughput and server resources second by second, and the report table.
 */
public final class HtmlChart {
  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"
  };
  private static final int W = 900;
  private static final int H = 260;
  private static final int LEFT = 60;
  private static final int RIGHT = 170;
  private static final int TOP = 30;
  private static final int BOTTOM = 35;

  private HtmlChart() {}

  public static String render(Report r) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Parley bench ")
        .append(esc(r.scenario()))
        .append("</title><style>body{font-family:sans-serif;margin:20px;color:#222}")
        .append("pre{background:#f6f6f6;padding:10px}svg{display:block;margin:10px 0}</style>")
        .append("</head><body><h1>Parley bench: ")
        .append(esc(r.scenario()))
        .append("</h1><p>")
        .append(
            r.passed() ? "PASSED" : "FAILED" + (r.failure() == null ? "" : ": " + esc(r.failure())))
        .append(" &mdash; shaded: warm-up and drain (not measured)</p>");
    b.append(
        chart(
            r,
            "Latency per second (ms, log scale)",
            k -> k.endsWith(".p50") || k.endsWith(".p99") || k.endsWith(".max"),
            true));
    b.append(chart(r, "Rates (per second)", k -> k.startsWith("rate."), false));
    b.append(chart(r, "CPU (% of one core)", k -> k.endsWith("cpu"), false));
    b.append(chart(r, "Server RSS (MiB)", k -> k.equals("server.rss_mib"), false));
    b.append(chart(r, "Gauges", k -> !k.contains(".") && !k.equals("errors"), false));
    b.append("<h2>Report</h2><pre>")
        .append(esc(TextReport.format(r)))
        .append("</pre></body></html>");
    return b.toString();
  }

  private static String chart(Report r, String title, Predicate<String> keys, boolean log) {
    TreeSet<String> names = new TreeSet<>();
    r.timeline().forEach(p -> p.values().keySet().stream().filter(keys).forEach(names::add));
    if (names.isEmpty() || r.timeline().size() < 2) {
      return "";
    }
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    double maxT = 0;
    double maxY = log ? 1 : 1e-9;
    double minY = log ? Double.MAX_VALUE : 0;
    for (String name : names) {
      List<double[]> points = new ArrayList<>();
      for (TimelinePoint p : r.timeline()) {
        Double v = p.values().get(name);
        if (v != null && (!log || v > 0)) {
          points.add(new double[] {p.t(), v});
          maxY = Math.max(maxY, v);
          minY = Math.min(minY, v);
        }
        maxT = Math.max(maxT, p.t());
      }
      series.put(name, points);
    }
    if (log) {
      minY = Math.pow(10, Math.floor(Math.log10(Math.max(minY, 0.01))));
      maxY = Math.pow(10, Math.ceil(Math.log10(maxY)));
    } else {
      maxY = niceCeiling(maxY);
    }
    Scale s = new Scale(maxT, minY, maxY, log);
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-size=\"11\">",
            W,
            H));
    b.append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"16\" font-size=\"13\" font-weight=\"bold\">")
        .append(esc(title))
        .append("</text>");
    shadePhases(b, r, s);
    axes(b, s, log);
    int i = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      String color = COLORS[i % COLORS.length];
      StringBuilder path = new StringBuilder();
      for (double[] pt : e.getValue()) {
        path.append(path.length() == 0 ? "" : " ")
            .append(String.format(Locale.ROOT, "%.1f,%.1f", s.x(pt[0]), s.y(pt[1])));
      }
      b.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(color)
          .append("\" points=\"")
          .append(path)
          .append("\"/>");
      int ly = TOP + 14 * i + 10;
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"3\" fill=\"%s\"/><text x=\"%d\""
                  + " y=\"%d\">%s</text>",
              W - RIGHT + 10,
              ly - 4,
              color,
              W - RIGHT + 25,
              ly,
              esc(e.getKey())));
      i++;
    }
    return b.append("</svg>").toString();
  }

  private static void shadePhases(StringBuilder b, Report r, Scale s) {
    double prev = 0;
    for (TimelinePoint p : r.timeline()) {
      if (!"measure".equals(p.phase())) {
        b.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eee\"/>",
                s.x(prev),
                TOP,
                Math.max(0.5, s.x(p.t()) - s.x(prev)),
                H - TOP - BOTTOM));
      }
      prev = p.t();
    }
  }

  private static void axes(StringBuilder b, Scale s, boolean log) {
    int x0 = LEFT;
    int y0 = H - BOTTOM;
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>",
            x0,
            y0,
            W - RIGHT,
            y0));
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>",
            x0,
            TOP,
            x0,
            y0));
    List<Double> ticks = new ArrayList<>();
    if (log) {
      for (double v = s.minY; v <= s.maxY * 1.0001; v *= 10) {
        ticks.add(v);
      }
    } else {
      for (int i = 0; i <= 4; i++) {
        ticks.add(s.maxY * i / 4);
      }
    }
    for (double v : ticks) {
      double y = s.y(v);
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
              x0,
              y,
              W - RIGHT,
              y,
              x0 - 4,
              y + 4,
              label(v)));
    }
    double step = niceCeiling(s.maxT / 8);
    for (double t = 0; t <= s.maxT && step > 0; t += step) {
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ss</text>",
              s.x(t),
              y0 + 14,
              label(t)));
    }
  }

  private record Scale(double maxT, double minY, double maxY, boolean log) {
    double x(double t) {
      return LEFT + (W - LEFT - RIGHT) * (maxT <= 0 ? 0 : t / maxT);
    }

    double y(double v) {
      double f =
          log
              ? (Math.log10(Math.max(v, minY)) - Math.log10(minY))
                  / (Math.log10(maxY) - Math.log10(minY))
              : v / maxY;
      return H - BOTTOM - (H - TOP - BOTTOM) * Math.max(0, Math.min(1, f));
    }
  }

  private static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= v) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String label(double v) {
    if (v >= 1 && v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
