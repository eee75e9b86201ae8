package org.omnikernel.okrt.config;

import java.util.Map;

/**
 * Writes a {@link SchedulerConfig} as {@code schedulerconfig} XML that {@link SchedulerConfigParser}
 * reads back to an equal configuration: how the running grid, with its live changes, is exported.
 */
public final class SchedulerConfigWriter {

    private SchedulerConfigWriter() {
    }

    /**
     * @param config the configuration
     * @return the XML text
     */
    public static String write(SchedulerConfig config) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n");
        b.append("<schedulerconfig maxcores=\"").append(config.cores()).append("\" batch=\"").append(config.cpu().batch())
                .append("\" fallback=\"")
                .append(escape(config.fallback())).append("\">\n");
        element(b, "cpuscheduler", config.cpu(), null);
        for (SchedulerSpec c : config.compartments()) {
            element(b, "compartment", c, "name=\"" + escape(c.resource()) + "\""
                    + (c.parent() == null ? "" : " parent=\"" + escape(c.parent()) + "\""));
        }
        for (SchedulerSpec r : config.resources()) {
            element(b, "resourcescheduler", r, "resource=\"" + escape(r.resource()) + "\""
                    + (r.parent() == null ? "" : " compartment=\"" + escape(r.parent()) + "\""));
        }
        return b.append("</schedulerconfig>\n").toString();
    }

    private static void element(StringBuilder b, String name, SchedulerSpec s, String identity) {
        b.append("  <").append(name);
        if (identity != null) {
            b.append(' ').append(identity);
        }
        b.append(" scheduler=\"").append(escape(s.scheduler())).append("\" metric=\"").append(s.metric())
                .append("\" core=\"").append(escape(s.cores().spec())).append('"');
        if (!name.equals("compartment")) {
            b.append(" batch=\"").append(s.batch()).append('"');
        }
        if (!name.equals("cpuscheduler")) {
            b.append(" cpushare=\"").append(s.cpushare()).append('"');
        }
        Map<String, String> params = s.parameters().asMap();
        Map<String, String> clientParams = s.clientParameters().asMap();
        if (params.isEmpty() && clientParams.isEmpty()) {
            b.append("/>\n");
            return;
        }
        b.append(">\n");
        params.forEach((k, v) -> b.append("    <param name=\"").append(escape(k)).append("\" value=\"").append(escape(v))
                .append("\"/>\n"));
        clientParams.forEach((k, v) -> b.append("    <clientparam name=\"").append(escape(k)).append("\" value=\"")
                .append(escape(v)).append("\"/>\n"));
        b.append("  </").append(name).append(">\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
