package io.smartleadkafkaroutes.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * Strimzi's KafkaTopic and KafkaUser, API version v1 (Strimzi 1.0 removed v1beta2), as far as the strimzi
 * overlay uses them (not in fabric8's model).
 */
final class Strimzi {

    static final String API_VERSION = "kafka.strimzi.io/v1";
    static final String CLUSTER_LABEL = "strimzi.io/cluster";

    private Strimzi() {
    }

    /** What KafkaTopic and KafkaUser share. */
    sealed interface Resource permits KafkaTopic, KafkaUser {

        ObjectMeta metadata();
    }

    record KafkaTopic(String apiVersion, String kind, ObjectMeta metadata, Spec spec) implements Resource {

        record Spec(String topicName, int partitions, int replicas, Map<String, Object> config) {
        }
    }

    record KafkaUser(String apiVersion, String kind, ObjectMeta metadata, Spec spec) implements Resource {

        record Spec(Authentication authentication, Authorization authorization) {
        }

        record Authentication(String type) {
        }

        record Authorization(String type, List<Acl> acls) {
        }

        record Acl(Resource resource, List<String> operations) {
        }

        record Resource(String type, String name, String patternType) {
        }
    }
}
