package org.omnikernel.okrt.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads and checks a {@code schedulerconfig} file (seed Fig 3.15):
 *
 * <pre>{@code
 * <schedulerconfig maxcores="8" batch="8" fallback="roundrobin">
 *   <cpuscheduler scheduler="roundrobin" core="0-?"/>
 *   <resourcescheduler resource="resource.tcp" metric="cpu" scheduler="roundrobin"
 *                      core="0-?" cpushare="10000" batch="8">
 *     <param name="quantum" value="4"/>
 *     <clientparam name="priority" value="5"/>
 *   </resourcescheduler>
 *   <compartment name="web" scheduler="roundrobin" cpushare="6000"/>
 *   <resourcescheduler resource="resource.http" compartment="web" scheduler="roundrobin"/>
 *   <resourcescheduler resource="*" scheduler="roundrobin" core="0-?" cpushare="10000"/>
 * </schedulerconfig>
 * }</pre>
 *
 * <p>A {@code <compartment>} is a scheduler between the CPU scheduler (or its {@code parent}
 * compartment) and the resource schedulers that name it: their unused CPU time goes first to their
 * siblings in the compartment (§4.2.2). Parents come before children in the file, so the hierarchy
 * has no cycles; a child's cores lie within its parent's.
 *
 * <p>Every problem is reported as a {@link ConfigException} naming the file, the line, the field and
 * the valid choices; a file either yields a complete configuration or none. Scheduler and resource
 * names are checked against a {@link GridCatalog}; core lists against the kernel's core count,
 * bounded by {@code maxcores}. {@code resource="*"} governs resources the file does not name.
 */
public final class SchedulerConfigParser {

    private static final Set<String> ROOT_ATTRS = Set.of("maxcores", "batch", "fallback");
    private static final Set<String> CPU_ATTRS = Set.of("scheduler", "core", "metric", "batch");
    private static final Set<String> RESOURCE_ATTRS = Set.of("resource", "metric", "scheduler", "core", "cpushare", "batch",
            "compartment");
    private static final Set<String> COMPARTMENT_ATTRS = Set.of("name", "parent", "metric", "scheduler", "core", "cpushare");
    private static final java.util.regex.Pattern COMPARTMENT_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final int MAX_BATCH = 1024;

    private final GridCatalog catalog;
    private final int machineCores;

    /**
     * @param catalog      the resource and scheduler names that exist
     * @param machineCores the cores the kernel would run before {@code maxcores} limits them
     */
    public SchedulerConfigParser(GridCatalog catalog, int machineCores) {
        this.catalog = catalog;
        this.machineCores = machineCores;
    }

    /**
     * @param file the configuration file
     * @return the checked configuration
     * @throws ConfigException when the file is unreadable, malformed or invalid
     */
    public SchedulerConfig parse(Path file) throws ConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "file", "cannot be read: " + e.getMessage());
        }
    }

    /**
     * @param in     the XML
     * @param source a name for messages
     * @return the checked configuration
     * @throws ConfigException when malformed or invalid
     */
    public SchedulerConfig parse(InputStream in, String source) throws ConfigException {
        Reader reader = new Reader(source);
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            SAXParser p = f.newSAXParser();
            p.parse(in, reader);
        } catch (SAXParseException e) {
            if (e.getException() instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(source, e.getLineNumber(), "xml", "malformed: " + e.getMessage());
        } catch (SAXException e) {
            if (e.getException() instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(source, 0, "xml", "malformed: " + e.getMessage());
        } catch (ParserConfigurationException | IOException e) {
            throw new ConfigException(source, 0, "xml", "cannot be read: " + e.getMessage());
        }
        return reader.result();
    }

    /** Raw attributes of one scheduler element with the line it started on. */
    private record Element(String name, Map<String, String> attrs, Map<String, String> params,
            Map<String, String> clientParams, int line) {
    }

    private final class Reader extends DefaultHandler {
        private final String source;
        private Locator locator;
        private boolean sawRoot;
        private int maxCores = Integer.MAX_VALUE;
        private int defaultBatch = 8;
        private String fallback = SchedulerConfig.DEFAULT_FALLBACK;
        private Element cpu;
        private final List<Element> resources = new ArrayList<>();
        private final List<Element> compartments = new ArrayList<>();
        private Element open;

        Reader(String source) {
            this.source = source;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        private int line() {
            return locator == null ? 0 : locator.getLineNumber();
        }

        private SAXException fail(String field, String reason) {
            return new SAXException(new ConfigException(source, line(), field, reason));
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                attrs.put(attributes.getQName(i), attributes.getValue(i));
            }
            if (!sawRoot) {
                if (!qName.equals("schedulerconfig")) {
                    throw fail(qName, "the root element must be <schedulerconfig>");
                }
                sawRoot = true;
                checkAttrs(qName, attrs, ROOT_ATTRS);
                if (attrs.containsKey("maxcores")) {
                    maxCores = (int) number(qName + "/@maxcores", attrs.get("maxcores"), 1, 1024);
                }
                if (attrs.containsKey("fallback")) {
                    fallback = attrs.get("fallback").trim();
                    if (!catalog.schedulers().contains(fallback)) {
                        throw fail(qName + "/@fallback", "unknown scheduler \"" + fallback + "\"; valid: "
                                + new TreeSet<>(catalog.schedulers()));
                    }
                }
                if (attrs.containsKey("batch")) {
                    defaultBatch = (int) number(qName + "/@batch", attrs.get("batch"), 1, MAX_BATCH);
                }
                return;
            }
            switch (qName) {
                case "cpuscheduler" -> {
                    checkAttrs(qName, attrs, CPU_ATTRS);
                    if (cpu != null) {
                        throw fail(qName, "a second <cpuscheduler>; the grid has exactly one CPU resource scheduler");
                    }
                    cpu = open = new Element(qName, attrs, new LinkedHashMap<>(), new LinkedHashMap<>(), line());
                }
                case "compartment" -> {
                    checkAttrs(qName, attrs, COMPARTMENT_ATTRS);
                    open = new Element(qName, attrs, new LinkedHashMap<>(), new LinkedHashMap<>(), line());
                    compartments.add(open);
                }
                case "resourcescheduler" -> {
                    checkAttrs(qName, attrs, RESOURCE_ATTRS);
                    open = new Element(qName, attrs, new LinkedHashMap<>(), new LinkedHashMap<>(), line());
                    resources.add(open);
                }
                case "clientparam" -> {
                    if (open == null || open == cpu) {
                        throw fail("clientparam", "<clientparam> belongs inside <compartment> or <resourcescheduler>: "
                                + "it is what the parent scheduler sees of that scheduler");
                    }
                    checkAttrs(qName, attrs, Set.of("name", "value"));
                    String n = required("clientparam", attrs, "name");
                    if (n.equals("share")) {
                        throw fail("clientparam/@name", "share is given by the cpushare attribute");
                    }
                    open.clientParams().put(n, required("clientparam", attrs, "value"));
                }
                case "param" -> {
                    if (open == null) {
                        throw fail("param", "<param> belongs inside <cpuscheduler>, <compartment> or <resourcescheduler>");
                    }
                    checkAttrs(qName, attrs, Set.of("name", "value"));
                    String n = required("param", attrs, "name");
                    open.params().put(n, required("param", attrs, "value"));
                }
                default -> throw fail(qName, "unknown element <" + qName
                        + ">; valid: <cpuscheduler>, <compartment>, <resourcescheduler>, <param>, <clientparam>");
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (qName.equals("cpuscheduler") || qName.equals("resourcescheduler") || qName.equals("compartment")) {
                open = null;
            }
        }

        private void checkAttrs(String element, Map<String, String> attrs, Set<String> valid) throws SAXException {
            for (String a : attrs.keySet()) {
                if (!valid.contains(a)) {
                    throw fail(element + "/@" + a, "unknown attribute; valid: " + new TreeSet<>(valid));
                }
            }
        }

        private String required(String element, Map<String, String> attrs, String name) throws SAXException {
            String v = attrs.get(name);
            if (v == null || v.isBlank()) {
                throw fail(element + "/@" + name, "missing");
            }
            return v.trim();
        }

        private long number(String field, String text, long min, long max) throws SAXException {
            try {
                long v = Long.parseLong(text.trim());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw fail(field, "\"" + text + "\" is not a whole number from " + min + " to " + max);
        }

        SchedulerConfig result() throws ConfigException {
            if (!sawRoot) {
                throw new ConfigException(source, 0, "schedulerconfig", "no <schedulerconfig> element");
            }
            int cores = Math.min(maxCores, machineCores);
            if (cpu == null) {
                throw new ConfigException(source, 0, "cpuscheduler", "missing; the grid needs a CPU resource scheduler");
            }
            SchedulerSpec cpuSpec = spec(cpu, SchedulerSpec.CPU, null, cores);
            Map<String, SchedulerSpec> byName = new LinkedHashMap<>();
            for (Element e : compartments) {
                String name = attr(e, "name");
                if (!COMPARTMENT_NAME.matcher(name).matches()) {
                    throw new ConfigException(source, e.line(), "compartment/@name", "\"" + name
                            + "\" is not a compartment name; use lower case letters, digits, '.', '_' or '-'");
                }
                if (byName.containsKey(name)) {
                    throw new ConfigException(source, e.line(), "compartment/@name", "\"" + name + "\" is defined twice");
                }
                SchedulerSpec parent = parentOf(e, "parent", byName, cpuSpec);
                SchedulerSpec spec = spec(e, name, parent == cpuSpec ? null : parent.resource(), cores);
                checkWithin(e, spec, parent);
                byName.put(name, spec);
            }
            List<SchedulerSpec> specs = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Element e : resources) {
                String resource = attr(e, "resource");
                if (!seen.add(resource)) {
                    throw new ConfigException(source, e.line(), "resourcescheduler/@resource",
                            "\"" + resource + "\" is configured twice");
                }
                if (!resource.equals(SchedulerSpec.DEFAULT) && !catalog.knowsResource(resource)) {
                    throw new ConfigException(source, e.line(), "resourcescheduler/@resource",
                            "unknown resource \"" + resource + "\"; valid: " + new TreeSet<>(catalog.resources())
                                    + " or \"*\" for resources not named");
                }
                SchedulerSpec parent = parentOf(e, "compartment", byName, cpuSpec);
                SchedulerSpec spec = spec(e, resource, parent == cpuSpec ? null : parent.resource(), cores);
                checkWithin(e, spec, parent);
                specs.add(spec);
            }
            return new SchedulerConfig(source, cores, cpuSpec, new ArrayList<>(byName.values()), specs, fallback);
        }

        /** The compartment an element names in {@code attribute}, or the CPU scheduler when it names none. */
        private SchedulerSpec parentOf(Element e, String attribute, Map<String, SchedulerSpec> defined, SchedulerSpec cpuSpec)
                throws ConfigException {
            String name = e.attrs().get(attribute);
            if (name == null) {
                return cpuSpec;
            }
            SchedulerSpec parent = defined.get(name.trim());
            if (parent == null) {
                throw new ConfigException(source, e.line(), e.name() + "/@" + attribute, "no compartment \"" + name
                        + "\" is defined above this line; defined: " + defined.keySet());
            }
            return parent;
        }

        /** A scheduler may only use cores its parent scheduler runs on. */
        private void checkWithin(Element e, SchedulerSpec spec, SchedulerSpec parent) throws ConfigException {
            int[] outside = spec.cores().stream().filter(c -> parent.cores().stream().noneMatch(k -> k == c)).toArray();
            if (outside.length > 0) {
                String parentName = parent.resource().equals(SchedulerSpec.CPU) ? "the cpuscheduler" : "compartment " + parent.resource();
                throw new ConfigException(source, e.line(), e.name() + "/@core", "\"" + spec.cores() + "\" uses cores "
                        + java.util.Arrays.stream(outside).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","))
                        + " where " + parentName + " does not run; valid: cores within \"" + parent.cores() + "\"");
            }
        }

        private String attr(Element e, String name) throws ConfigException {
            String v = e.attrs().get(name);
            if (v == null || v.isBlank()) {
                throw new ConfigException(source, e.line(), e.name() + "/@" + name, "missing");
            }
            return v.trim();
        }

        private SchedulerSpec spec(Element e, String resource, String parent, int cores) throws ConfigException {
            String scheduler = attr(e, "scheduler");
            if (!catalog.schedulers().contains(scheduler)) {
                throw new ConfigException(source, e.line(), e.name() + "/@scheduler",
                        "unknown scheduler \"" + scheduler + "\"; valid: " + new TreeSet<>(catalog.schedulers()));
            }
            Metric metric;
            try {
                metric = Metric.of(e.attrs().getOrDefault("metric", "cpu").trim());
            } catch (IllegalArgumentException x) {
                throw new ConfigException(source, e.line(), e.name() + "/@metric", x.getMessage());
            }
            CoreSet coreSet;
            try {
                coreSet = e.attrs().containsKey("core") ? CoreSet.parse(e.attrs().get("core"), cores) : CoreSet.all(cores);
            } catch (IllegalArgumentException x) {
                throw new ConfigException(source, e.line(), e.name() + "/@core", x.getMessage());
            }
            long share = longAttr(e, "cpushare", 10_000, 1, 1_000_000_000L);
            int batch = (int) longAttr(e, "batch", defaultBatch, 1, MAX_BATCH);
            return new SchedulerSpec(resource, scheduler, metric, coreSet, share, batch, Parameters.of(e.params()),
                    Parameters.of(e.clientParams()), parent, e.line());
        }

        private long longAttr(Element e, String name, long fallback, long min, long max) throws ConfigException {
            String v = e.attrs().get(name);
            if (v == null) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(v.trim());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException x) {
                // reported below
            }
            throw new ConfigException(source, e.line(), e.name() + "/@" + name,
                    "\"" + v + "\" is not a whole number from " + min + " to " + max);
        }
    }
}
