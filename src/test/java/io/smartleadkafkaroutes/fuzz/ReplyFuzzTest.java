package io.smartleadkafkaroutes.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.PageEntry;
import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.api.ReplyReader;
import io.smartleadkafkaroutes.model.DeadLetterException;
import io.smartleadkafkaroutes.model.DeadLetterReason;
import io.smartleadkafkaroutes.enrich.ContactEnricher;
import io.smartleadkafkaroutes.enrich.UnknownStatusTally;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.Population;
import io.smartleadkafkaroutes.support.ShippedSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded, reproducible fuzzing of the reply-checking and splitting path: random JSON shapes, mutations
 * of valid replies and random bytes. Every reply must end as contact records or dead letters, never as
 * any other exception. Change SEED to explore; a failure names the case number to replay.
 */
class ReplyFuzzTest {

    private static final long SEED = 20261126L;
    private static final int CASES = 2400;
    private static final FetchRequest REQUEST = new FetchRequest(327105, 1000, 50, 0);

    private final ObjectMapper mapper = new ObjectMapper();
    private final ReplyReader reader = new ReplyReader(mapper, Clock.systemUTC());
    private final ContactEnricher enricher;
    private final List<GeneratedContact> sample = new Population(327105, 60).contacts();

    ReplyFuzzTest() {
        enricher = ShippedSettings.enricher(mapper, new UnknownStatusTally());
    }

    @Test
    void should_turn_every_generated_reply_into_contact_records_or_dead_letters() {
        Random random = new Random(SEED);
        Map<DeadLetterReason, Integer> deadLetters = new EnumMap<>(DeadLetterReason.class);
        int contacts = 0;
        for (int n = 0; n < CASES; n++) {
            byte[] body = switch (n % 3) {
                case 0 -> randomJson(random).toString().getBytes(StandardCharsets.UTF_8);
                case 1 -> mutatedReply(random);
                default -> randomBytes(random);
            };
            int status = random.nextInt(10) == 0 ? 500 + random.nextInt(5) : 200;
            try {
                FetchReply reply = reader.read(status, body, REQUEST);
                for (int position = 0; position < reply.rows().size(); position++) {
                    try {
                        enricher.enrich(new PageEntry(reply, position), "fuzz", new HashMap<>());
                        contacts++;
                    } catch (DeadLetterException invalid) {
                        assertThat(invalid.reason()).as("case %d", n).isEqualTo(DeadLetterReason.INVALID_CONTACT);
                        deadLetters.merge(invalid.reason(), 1, Integer::sum);
                    }
                }
            } catch (DeadLetterException refused) {
                assertThat(refused.getMessage()).as("case %d", n).isNotBlank();
                deadLetters.merge(refused.reason(), 1, Integer::sum);
            } catch (RuntimeException unexpected) {
                throw new AssertionError("case " + n + " (seed " + SEED + ") threw " + unexpected, unexpected);
            }
        }
        System.out.printf("Fuzzed %d replies: %d contact records, dead letters %s%n", CASES, contacts, deadLetters);
        assertThat(contacts).isPositive();
        assertThat(deadLetters).containsKeys(DeadLetterReason.MALFORMED_RESPONSE, DeadLetterReason.INVALID_CONTACT,
                DeadLetterReason.HTTP_ERROR);
    }

    private byte[] mutatedReply(Random random) {
        ObjectNode reply = mapper.createObjectNode();
        reply.put("success", true);
        ObjectNode data = reply.putObject("data");
        ArrayNode list = data.putArray("list");
        for (int i = random.nextInt(6); i > 0; i--) {
            list.add(sample.get(random.nextInt(sample.size())).json().deepCopy());
        }
        data.put("total_count", list.size());
        for (int mutations = 1 + random.nextInt(4); mutations > 0; mutations--) {
            mutate(reply, random);
        }
        String text = reply.toString();
        if (random.nextInt(6) == 0) {
            text = text.substring(0, random.nextInt(text.length() + 1));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces, removes or retypes one value somewhere in the tree. */
    private void mutate(JsonNode node, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(node, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextBoolean()) {
                object.remove(name);
            } else {
                object.set(name, randomJson(random));
            }
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            array.set(random.nextInt(array.size()), randomJson(random));
        }
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collectContainers(child, into));
        }
    }

    private JsonNode randomJson(Random random) {
        return randomJson(random, 0);
    }

    private JsonNode randomJson(Random random, int depth) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        int kind = random.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> json.nullNode();
            case 1 -> json.booleanNode(random.nextBoolean());
            case 2 -> json.numberNode(random.nextInt(2000) - 1000);
            case 3 -> json.numberNode(random.nextDouble() * 1e6);
            case 4 -> json.textNode(randomText(random));
            case 5 -> json.numberNode(Long.MAX_VALUE - random.nextInt(10));
            case 6 -> {
                ArrayNode array = json.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomJson(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = json.objectNode();
                String[] names = {"success", "data", "list", "total_count", "id", "email", "company", "status",
                    "verificationStatus", "message", randomText(random)};
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(names[random.nextInt(names.length)], randomJson(random, depth + 1));
                }
                yield object;
            }
        };
    }

    private static String randomText(Random random) {
        String[] samples = {"", " ", "valid", "catch_all", "a@b.io", "x@y", "@@", "https://www.example.com:1/x",
            "\u00e9\u00fc\u4e2d", "\u0000", "null", "true", "1e999"};
        return samples[random.nextInt(samples.length)];
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }
}
