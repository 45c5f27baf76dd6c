package io.smartleadkafkaroutes.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The SmartLead {@code fetch-contacts} endpoint on 127.0.0.1, as smartlead-api.md describes it:
 * field validation (400), the key check (401), limit and credit checks ({@code success:false}),
 * pagination over a deterministic population per filter id, and a log of what it received.
 * Faults (any status, headers, body, delay; a body echoing the key, trickled or huge) can be queued for
 * the next requests.
 */
public final class SmartleadSimulator implements AutoCloseable {

    public static final String PATH = "/api/v1/search-email-leads/fetch-contacts";
    private static final int HIGHEST_LIMIT = 30000;

    private final ObjectMapper mapper = new ObjectMapper();
    private final String apiKey;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final Map<Long, Population> populations = new ConcurrentHashMap<>();
    private final Map<Long, BitSet> revealed = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Function<JsonNode, Optional<Fault>>> faultRule = new AtomicReference<>(r -> Optional.empty());
    private final AtomicLong credits = new AtomicLong(Long.MAX_VALUE);
    private volatile int accountMaxLimit = 10000;
    private volatile int defaultPopulationSize = 1000;
    private volatile Duration latency = Duration.ZERO;
    private final AtomicReference<UnaryOperator<ObjectNode>> replyEdit = new AtomicReference<>(UnaryOperator.identity());
    private final Map<Long, ConcurrentLinkedQueue<java.util.function.Consumer<Population>>> staged = new ConcurrentHashMap<>();
    private final Map<Long, UnaryOperator<ObjectNode>> glitches = new ConcurrentHashMap<>();

    public SmartleadSimulator(String apiKey) throws IOException {
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    public SmartleadSimulator start() {
        server.start();
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The population of a filter id; a filter never set has {@link #defaultPopulationSize} contacts. */
    public Population population(long filterId) {
        return populations.computeIfAbsent(filterId, id -> new Population(id, defaultPopulationSize));
    }

    /** The lookup of these contacts finished (or was redone) with this outcome. */
    public SmartleadSimulator finishLookup(long filterId, List<String> ids, ContactKind kind) {
        population(filterId).finishLookup(Set.copyOf(ids), kind);
        return this;
    }

    public SmartleadSimulator withFilter(long filterId, int size) {
        populations.put(filterId, new Population(filterId, size));
        return this;
    }

    public SmartleadSimulator withDefaultPopulationSize(int size) {
        this.defaultPopulationSize = size;
        return this;
    }

    public SmartleadSimulator withAccountMaxLimit(int max) {
        this.accountMaxLimit = max;
        return this;
    }

    /** Credits left; each contact costs one credit the first time a page reveals it. */
    public SmartleadSimulator withCredits(long left) {
        credits.set(left);
        return this;
    }

    /** A delay before every reply, as a slow API would have. */
    public SmartleadSimulator withLatency(Duration delay) {
        this.latency = delay;
        return this;
    }

    /** The next requests get these replies, one each, in order. */
    public SmartleadSimulator enqueueFaults(Fault... next) {
        faults.addAll(List.of(next));
        return this;
    }

    /** A rule that may answer a request (given its JSON body) with a fault instead of the normal reply. */
    public SmartleadSimulator withFaultRule(Function<JsonNode, Optional<Fault>> rule) {
        faultRule.set(rule);
        return this;
    }

    /** Every reply with contacts passes through this edit: rows repeated, dropped or bloated, as a misbehaving API's. */
    public SmartleadSimulator withReplyEdit(UnaryOperator<ObjectNode> edit) {
        replyEdit.set(edit);
        return this;
    }

    /**
     * A change of the filter's saved search that takes effect right before its next poll begins (its next
     * limit-mode request at offset 0), so that no poll reads half of it.
     */
    public SmartleadSimulator beforeNextPoll(long filterId, java.util.function.Consumer<Population> change) {
        staged.computeIfAbsent(filterId, id -> new ConcurrentLinkedQueue<>()).add(change);
        return this;
    }

    /** The first reply of the filter's next poll alone passes through this edit: one bad reply, a glitch. */
    public SmartleadSimulator glitchNextPoll(long filterId, UnaryOperator<ObjectNode> edit) {
        glitches.put(filterId, edit);
        return this;
    }

    /** Whether the glitch of the filter's next poll is still to be served. */
    public boolean glitchPending(long filterId) {
        return glitches.containsKey(filterId);
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The selection a fetch with this limit reads: the first {@code limit} contacts of the population. */
    public List<GeneratedContact> selection(long filterId, int limit) {
        List<GeneratedContact> all = population(filterId).contacts();
        return all.subList(0, Math.min(limit, all.size()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant receivedAt = Instant.now();
        String body = read(exchange.getRequestBody());
        // compared decoded, as a server reads a query parameter: the key's own & % + = / ? # stay its own
        String key = queryParameter(exchange.getRequestURI().getRawQuery(), "api_key");
        boolean keyValid = apiKey.equals(key);
        Reply reply = reply(exchange, body, key == null ? "" : key);
        requests.add(new RecordedRequest(receivedAt, exchange.getRequestMethod(),
                requestPath(exchange), keyValid, body, reply.status()));
        // a slow reply is sent later by the scheduler, so it holds no server thread meanwhile
        long delayMillis = reply.delay().plus(latency).toMillis();
        if (delayMillis > 0) {
            scheduler.schedule(() -> respond(exchange, reply), delayMillis, TimeUnit.MILLISECONDS);
        } else {
            respond(exchange, reply);
        }
    }

    private void respond(HttpExchange exchange, Reply reply) {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        try {
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (reply.pace() instanceof Fault.Trickle trickle) {
                exchange.sendResponseHeaders(reply.status(), 0);
                trickle(exchange, bytes, 0, trickle);
                return;
            }
            if (reply.pace() instanceof Fault.Repeated repeated) {
                exchange.sendResponseHeaders(reply.status(), repeated.contentLength() ? repeated.bytes() : 0);
                repeat(exchange.getResponseBody(), bytes, repeated.bytes());
            } else {
                exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        } catch (IOException clientGone) {
            // the client closed the connection (e.g. its timeout); nothing left to answer
            exchange.close();
        }
    }

    /** The next few bytes, then the rest later, from the scheduler: a trickle holds no server thread. */
    private void trickle(HttpExchange exchange, byte[] body, int from, Fault.Trickle pace) {
        int to = Math.min(from + pace.bytesPerWrite(), body.length);
        try {
            OutputStream out = exchange.getResponseBody();
            out.write(body, from, to - from);
            out.flush();
        } catch (IOException clientGone) {
            exchange.close();
            return;
        }
        if (to < body.length) {
            scheduler.schedule(() -> trickle(exchange, body, to, pace), pace.gap().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            exchange.close();
        }
    }

    /** {@code unit} over and over to {@code bytes} in all, written in blocks of at least 64 KiB. */
    private static void repeat(OutputStream out, byte[] unit, long bytes) throws IOException {
        byte[] block = new byte[Math.max(unit.length, 65536 / unit.length * unit.length)];
        for (int at = 0; at < block.length; at += unit.length) {
            System.arraycopy(unit, 0, block, at, unit.length);
        }
        for (long left = bytes; left > 0; left -= block.length) {
            out.write(block, 0, (int) Math.min(block.length, left));
        }
    }

    private record Reply(int status, Map<String, String> headers, String body, Duration delay, Fault.Pace pace) {
        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO, new Fault.AtOnce());
        }

        static Reply of(Fault fault, String key) {
            return new Reply(fault.status(), fault.headers(), fault.bodyOfKey().apply(key), fault.delay(), fault.pace());
        }
    }

    /**
     * The path as the request line has it: {@code URI.getPath()} would read {@code //api/v1/...} as the host
     * {@code api} and the path {@code /v1/...}, and {@code ///api/v1/...} as {@code /api/v1/...}.
     */
    private static String requestPath(HttpExchange exchange) {
        String target = exchange.getRequestURI().toString();
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private Reply reply(HttpExchange exchange, String body, String key) {
        if (!PATH.equals(requestPath(exchange))) {
            return Reply.json(404, "{\"success\":false,\"message\":\"Not found\"}");
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            return Reply.json(405, "{\"success\":false,\"message\":\"Method not allowed\"}");
        }
        Fault fault = faults.poll();
        if (fault != null) {
            return Reply.of(fault, key);
        }
        if (!apiKey.equals(key)) {
            return Reply.json(401,
                    "{\"statusCode\":401,\"success\":false,\"message\":\"Unauthorized\",\"error\":\"User not authenticated\"}");
        }
        JsonNode request;
        try {
            request = mapper.readTree(body);
        } catch (IOException notJson) {
            return badRequest("Request body must be valid JSON");
        }
        if (request == null || !request.isObject()) {
            return badRequest("Request body must be a JSON object");
        }
        Optional<Fault> ruled = faultRule.get().apply(request);
        if (ruled.isPresent()) {
            return Reply.of(ruled.get(), key);
        }
        try {
            return Reply.json(200, mapper.writeValueAsString(replyEdit.get().apply(fetch(request))));
        } catch (BadRequest invalid) {
            return badRequest(invalid.getMessage());
        } catch (IOException unexpected) {
            return Reply.json(500, "{\"success\":false,\"message\":\"Internal Server Error\"}");
        }
    }

    private ObjectNode fetch(JsonNode request) {
        long filterId = positiveWhole(request, "filter_id", 1, Long.MAX_VALUE, null);
        JsonNode ids = request.get("id");
        if (ids != null && !(ids.isArray() && allStrings(ids))) {
            throw new BadRequest("id must be an array of strings");
        }
        if (ids == null && request.get("limit") == null) {
            throw new BadRequest("limit is required when id is absent");
        }
        Long limit = request.get("limit") == null ? null : positiveWhole(request, "limit", 1, HIGHEST_LIMIT, null);
        int visualLimit = (int) positiveWhole(request, "visual_limit", 1, 1000, 10L);
        int visualOffset = (int) positiveWhole(request, "visual_offset", 0, Integer.MAX_VALUE, 0L);

        List<GeneratedContact> selection;
        if (ids != null) {
            Set<String> wanted = new HashSet<>();
            ids.forEach(id -> wanted.add(id.asText()));
            selection = population(filterId).contacts().stream().filter(c -> wanted.contains(c.id())).toList();
        } else {
            if (limit > accountMaxLimit) {
                return rejected("Limit exceeds the maximum of " + accountMaxLimit + " contacts allowed for this account");
            }
            if (visualOffset == 0) {
                Queue<java.util.function.Consumer<Population>> changes = staged.getOrDefault(filterId, new ConcurrentLinkedQueue<>());
                for (java.util.function.Consumer<Population> change = changes.poll(); change != null; change = changes.poll()) {
                    change.accept(population(filterId));
                }
            }
            selection = selection(filterId, limit.intValue());
        }
        int from = Math.min(visualOffset, selection.size());
        int to = Math.min(from + visualLimit, selection.size());
        List<GeneratedContact> page = selection.subList(from, to);
        if (!spendCredits(filterId, page)) {
            return rejected("Not enough credits left. Need " + page.size() + " more credits to do this operation");
        }

        ObjectNode reply = mapper.createObjectNode();
        reply.put("success", true);
        reply.put("message", "Data retrieved successfully");
        ObjectNode data = reply.putObject("data");
        ArrayNode list = data.putArray("list");
        page.forEach(contact -> list.add(contact.json().deepCopy()));
        data.put("total_count", selection.size());
        data.put("visual_limit", visualLimit);
        data.put("visual_offset", visualOffset);
        data.set("metrics", metrics(selection));
        UnaryOperator<ObjectNode> glitch = ids == null && visualOffset == 0 ? glitches.remove(filterId) : null;
        return glitch == null ? reply : glitch.apply(reply);
    }

    /** The API's own counts over the selection, as it reports them; one pass, as it is made for every page. */
    public ObjectNode metrics(List<GeneratedContact> selection) {
        int[] byKind = new int[ContactKind.values().length];
        long withEmail = 0;
        for (GeneratedContact contact : selection) {
            byKind[contact.kind().ordinal()]++;
            withEmail += contact.hasEmail() ? 1 : 0;
        }
        ObjectNode metrics = mapper.createObjectNode();
        metrics.put("totalContacts", selection.size());
        metrics.put("totalEmails", withEmail);
        metrics.put("noEmailFound", byKind[ContactKind.NO_EMAIL.ordinal()]);
        metrics.put("invalidEmails", byKind[ContactKind.INVALID.ordinal()]);
        metrics.put("catchAllEmails", byKind[ContactKind.CATCH_ALL.ordinal()]);
        metrics.put("verifiedEmails", byKind[ContactKind.VALID_VERDICT.ordinal()]
                + byKind[ContactKind.COMPLETED_NO_VERDICT.ordinal()]);
        metrics.put("completed", selection.size() - byKind[ContactKind.PENDING.ordinal()]);
        return metrics;
    }

    private synchronized boolean spendCredits(long filterId, List<GeneratedContact> page) {
        BitSet seen = revealed.computeIfAbsent(filterId, id -> new BitSet());
        List<Integer> fresh = new ArrayList<>();
        for (GeneratedContact contact : page) {
            if (!seen.get(contact.index())) {
                fresh.add(contact.index());
            }
        }
        if (credits.get() < fresh.size()) {
            return false;
        }
        credits.addAndGet(-fresh.size());
        fresh.forEach(seen::set);
        return true;
    }

    private ObjectNode rejected(String message) {
        ObjectNode reply = mapper.createObjectNode();
        reply.put("success", false);
        reply.put("message", message);
        ObjectNode data = reply.putObject("data");
        data.putArray("list");
        data.put("total_count", 0);
        return reply;
    }

    private static long positiveWhole(JsonNode request, String field, long min, long max, Long fallback) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw new BadRequest(field + " is required");
            }
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new BadRequest(field + " must be a whole number from " + min + " to " + max);
        }
        return value.asLong();
    }

    private static boolean allStrings(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private Reply badRequest(String message) {
        ObjectNode reply = mapper.createObjectNode();
        reply.put("statusCode", 400);
        reply.put("success", false);
        reply.put("message", message);
        reply.put("error", "Bad Request");
        return Reply.json(400, reply.toString());
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        scheduler.shutdownNow();
    }
}
