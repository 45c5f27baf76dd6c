package io.smartleadkafkaroutes.api;

import io.smartleadkafkaroutes.model.FetchRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What goes over the wire: the documented JSON body, and the key only in the query. */
class RequestBuildingTest {

    @Test
    void should_write_the_documented_request_body() throws Exception {
        String json = new ObjectMapper().writeValueAsString(new FetchRequest(327105, 10, 10, 0));

        assertThat(json).isEqualTo("{\"filter_id\":327105,\"limit\":10,\"visual_limit\":10,\"visual_offset\":0}");
    }

    @Test
    void should_put_the_url_encoded_key_in_the_query_and_never_in_its_text_form() {
        ApiKeyQuery query = new ApiKeyQuery("k3y with&odd=chars");

        assertThat(query.query()).isEqualTo("api_key=k3y+with%26odd%3Dchars");
        assertThat(query.toString()).doesNotContain("k3y");
    }
}
