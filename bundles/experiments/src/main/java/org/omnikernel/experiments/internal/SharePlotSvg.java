package org.omnikernel.experiments.internal;

import java.util.List;
import java.util.Locale;

/**
 * Draws a share experiment as an SVG line plot in the manner of the seed's Fig 5.1: each activity's
 * CPU share per one-second sample as a solid line, its entitlement as a dashed line of the same
 * colour, with axes, ticks, a grid and a legend. Plain SVG 1.1 text, written by hand.
 *
 * <p>Elements a reader (or a test) can find: one {@code polyline class="achieved"} and one
 * {@code line class="entitlement"} per activity, in the entitlement's order, each with a
 * {@code data-activity} attribute.
 */
final class SharePlotSvg {

    /** Width of the image in pixels. */
    static final int WIDTH = 880;
    /** Height of the image in pixels. */
    static final int HEIGHT = 460;
    /** Line colours, one per activity, repeating after the fifth. */
    static final List<String> COLORS = List.of("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e");

    private static final int LEFT = 70;
    private static final int RIGHT = 580;
    private static final int TOP = 70;
    private static final int BOTTOM = 390;
    private static final int[] NICE_STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600};

    private SharePlotSvg() {
    }

    /**
     * @param title       the heading
     * @param subtitle    a second line under the heading
     * @param entitlement the activities and what they are entitled to
     * @param achieved    each activity's share over the whole run, in percent, for the legend
     * @param samples     the samples, in order
     * @return the SVG document
     */
    static String render(String title, String subtitle, Entitlement entitlement, List<Double> achieved,
            List<ShareSample> samples) {
        StringBuilder b = header(HEIGHT);
        body(b, new Panel(title, subtitle, "CPU share (%)", entitlement, achieved, samples));
        b.append("</svg>\n");
        return b.toString();
    }

    /**
     * One plot of a figure with several, such as each of the seed's Fig 5.4(a)–(d).
     *
     * @param heading     the plot's heading
     * @param subtitle    a line under it
     * @param yLabel      the y axis' label, such as {@code share of FCR CPU (%)}
     * @param entitlement the activities and their weights
     * @param achieved    each activity's share over the whole run, in percent
     * @param samples     the samples, in order
     */
    record Panel(String heading, String subtitle, String yLabel, Entitlement entitlement, List<Double> achieved,
            List<ShareSample> samples) {
    }

    /**
     * Draws plots one under the other, each as the single-plot figure, under a common heading. Each
     * plot is a nested {@code svg} element with {@code class="panel"}.
     *
     * @param title    the figure's heading
     * @param subtitle a line under it
     * @param panels   the plots, top to bottom
     * @return the SVG document
     */
    static String renderPanels(String title, String subtitle, List<Panel> panels) {
        int top = 60;
        StringBuilder b = header(top + HEIGHT * panels.size());
        b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"26\" font-size=\"17\" font-weight=\"bold\">%s</text>%n",
                20, escape(title)));
        b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"46\" fill=\"#555\">%s</text>%n", 20, escape(subtitle)));
        for (int i = 0; i < panels.size(); i++) {
            b.append(String.format(Locale.ROOT, "  <svg class=\"panel\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\">%n",
                    top + i * HEIGHT, WIDTH, HEIGHT));
            body(b, panels.get(i));
            b.append("  </svg>\n");
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static StringBuilder header(int height) {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">%n",
                WIDTH, height, WIDTH, height));
        b.append(String.format(Locale.ROOT, "  <rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        return b;
    }

    private static void body(StringBuilder b, Panel p) {
        Entitlement entitlement = p.entitlement();
        List<ShareSample> samples = p.samples();
        // a sample a few ms late must not stretch the axis by a whole second
        double tMax = Math.max(1, Math.ceil(samples.stream().mapToDouble(ShareSample::timeSeconds).max().orElse(1) - 0.1));
        double yMax = yMax(entitlement, samples);
        Axes axes = new Axes(tMax, yMax);
        b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"28\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(p.heading())));
        b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"48\" fill=\"#555\">%s</text>%n", LEFT,
                escape(p.subtitle())));
        grid(b, axes, p.yLabel());
        for (int i = 0; i < entitlement.size(); i++) {
            String color = COLORS.get(i % COLORS.size());
            String activity = escape(entitlement.activities().get(i));
            double y = axes.y(entitlement.percent(i));
            b.append(String.format(Locale.ROOT,
                    "  <line class=\"entitlement\" data-activity=\"%s\" x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\""
                            + " stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"7 5\"/>%n",
                    activity, LEFT, y, RIGHT, y, color));
            StringBuilder points = new StringBuilder();
            for (ShareSample s : samples) {
                double share = s.sharesPercent().get(i);
                if (!Double.isNaN(share)) {
                    points.append(points.length() == 0 ? "" : " ")
                            .append(String.format(Locale.ROOT, "%.2f,%.2f", axes.x(s.timeSeconds()), axes.y(share)));
                }
            }
            b.append(String.format(Locale.ROOT,
                    "  <polyline class=\"achieved\" data-activity=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                            + " points=\"%s\"/>%n",
                    activity, color, points));
        }
        legend(b, entitlement, p.achieved());
    }

    /** The plot's scales: seconds to x pixels, percent to y pixels. */
    private record Axes(double tMax, double yMax) {
        double x(double seconds) {
            return LEFT + (RIGHT - LEFT) * seconds / tMax;
        }

        double y(double percent) {
            return BOTTOM - (BOTTOM - TOP) * percent / yMax;
        }
    }

    /** The y axis reaches the next multiple of 10 above every share and entitlement plus 5, at most 100. */
    private static double yMax(Entitlement entitlement, List<ShareSample> samples) {
        double top = entitlement.percents().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        for (ShareSample s : samples) {
            for (double share : s.sharesPercent()) {
                if (!Double.isNaN(share)) {
                    top = Math.max(top, share);
                }
            }
        }
        return Math.min(100, Math.max(10, Math.ceil((top + 5) / 10) * 10));
    }

    private static void grid(StringBuilder b, Axes axes, String yLabel) {
        b.append("  <g stroke=\"#ddd\" stroke-width=\"1\">\n");
        for (int p = 10; p < axes.yMax(); p += 10) {
            b.append(String.format(Locale.ROOT, "    <line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\"/>%n", LEFT,
                    axes.y(p), RIGHT, axes.y(p)));
        }
        b.append("  </g>\n");
        b.append(String.format(Locale.ROOT,
                "  <polyline fill=\"none\" stroke=\"black\" stroke-width=\"1\" points=\"%d,%d %d,%d %d,%d\"/>%n", LEFT,
                TOP, LEFT, BOTTOM, RIGHT, BOTTOM));
        for (int p = 0; p <= axes.yMax(); p += 10) {
            double y = axes.y(p);
            b.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"black\"/>%n",
                    LEFT - 5, y, LEFT, y));
            b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%.2f\" text-anchor=\"end\">%d</text>%n", LEFT - 8,
                    y + 4, p));
        }
        int step = tickStep(axes.tMax());
        for (int t = 0; t <= axes.tMax(); t += step) {
            double x = axes.x(t);
            b.append(String.format(Locale.ROOT, "  <line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"black\"/>%n",
                    x, BOTTOM, x, BOTTOM + 5));
            b.append(String.format(Locale.ROOT, "  <text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x,
                    BOTTOM + 20, t));
        }
        b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (s)</text>%n",
                (LEFT + RIGHT) / 2, BOTTOM + 45));
        b.append(String.format(Locale.ROOT,
                "  <text x=\"20\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 20 %d)\">%s</text>%n",
                (TOP + BOTTOM) / 2, (TOP + BOTTOM) / 2, escape(yLabel)));
    }

    private static void legend(StringBuilder b, Entitlement entitlement, List<Double> achieved) {
        int x = RIGHT + 20;
        int y = TOP + 10;
        for (int i = 0; i < entitlement.size(); i++) {
            String color = COLORS.get(i % COLORS.size());
            int top = y + i * 58;
            b.append(String.format(Locale.ROOT,
                    "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n", x, top, x + 24,
                    top, color));
            b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\">%s: %s %% achieved</text>%n", x + 30,
                    top + 4, escape(entitlement.activities().get(i)), format(achieved.get(i))));
            b.append(String.format(Locale.ROOT,
                    "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\""
                            + " stroke-dasharray=\"7 5\"/>%n",
                    x, top + 20, x + 24, top + 20, color));
            b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" fill=\"#555\">entitled %s %% (weight %d)</text>%n",
                    x + 30, top + 24, format(entitlement.percent(i)), entitlement.cpushares().get(i)));
        }
    }

    private static String format(double percent) {
        return Double.isNaN(percent) ? "n/a" : String.format(Locale.ROOT, "%.2f", percent);
    }

    /** @return the smallest nice step that needs at most 10 ticks for the range */
    static int tickStep(double tMax) {
        for (int step : NICE_STEPS) {
            if (tMax / step <= 10) {
                return step;
            }
        }
        return (int) Math.ceil(tMax / 10);
    }

    /** @return the text with XML's special characters escaped */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
