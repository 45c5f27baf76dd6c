package io.smartleadkafkaroutes.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.simulator.KeyForms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApiKeyScrubberTest {

    private static final String KEY = "k&y%2B+=/?#tail \"é\\<'>";
    private final ApiKeyScrubber scrubber = new ApiKeyScrubber(KEY);

    static List<String> forms() {
        return KeyForms.of(KEY);
    }

    @ParameterizedTest
    @MethodSource("forms")
    void should_scrub_the_key_in_each_form_it_can_take(String form) {
        assertThat(scrubber.scrub("before " + form + " after")).isEqualTo("before *** after");
    }

    @Test
    void should_scrub_a_key_whose_characters_end_a_query_parameter_or_a_json_string() {
        String line = "GET /fetch?api_key=" + KeyForms.urlEncoded(KEY) + "&x=1 echoed {\"key\":\"" + KeyForms.jsonEscaped(KEY)
                + "\"} <p>" + KeyForms.htmlEscaped(KEY) + "</p> raw " + KEY + ".";

        assertThat(scrubber.scrub(line))
                .isEqualTo("GET /fetch?api_key=***&x=1 echoed {\"key\":\"***\"} <p>***</p> raw ***.");
    }

    @Test
    void should_leave_text_without_the_key_alone_even_when_it_holds_parts_of_it() {
        String text = "k&y%2B+=/? is the head, tail the end; api_key=other";

        assertThat(scrubber.scrub(text)).isEqualTo(text);
        assertThat(scrubber.scrub((String) null)).isNull();
    }

    @Test
    void should_scrub_every_text_value_and_field_name_of_json_without_touching_the_original() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode original = mapper.readTree(mapper.writeValueAsString(Map.of(
                "message", "bad key " + KEY, KEY, List.of(1, KeyForms.urlEncoded(KEY), true))));

        JsonNode scrubbed = scrubber.scrub(original);

        assertThat(scrubbed).isEqualTo(mapper.readTree("{\"message\":\"bad key ***\",\"***\":[1,\"***\",true]}"));
        assertThat(original.get("message").asText()).contains(KEY);
    }
}
