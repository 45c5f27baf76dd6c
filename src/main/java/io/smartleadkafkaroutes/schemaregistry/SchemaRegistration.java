package io.smartleadkafkaroutes.schemaregistry;

import com.microsoft.kiota.ApiException;
import io.apicurio.registry.client.RegistryClientFactory;
import io.apicurio.registry.client.common.RegistryClientOptions;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.client.models.CreateArtifact;
import io.apicurio.registry.rest.client.models.CreateVersion;
import io.apicurio.registry.rest.client.models.IfArtifactExists;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.apicurio.registry.rest.client.models.VersionContent;
import io.apicurio.registry.rest.client.models.VersionMetaData;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Registers the record schemas (schemas/ in the jar) in an Apicurio Registry at start, through Apicurio's own client,
 * or finds them there when a version with the same content exists: restarts and replicas stamp the same ids, and a
 * changed schema becomes the artifact's next version, as the registry's compatibility rules allow.
 */
public final class SchemaRegistration {

    public static final String URL_SETTING = "smartlead.schema-registry.url";
    public static final String GROUP_SETTING = "smartlead.schema-registry.group-id";
    public static final String CONTACT_ARTIFACT = "contact-record";
    public static final String DEAD_LETTER_ARTIFACT = "dead-letter-record";
    private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");
    private static final Pattern CREDENTIALS = Pattern.compile("//[^/]*@");

    private SchemaRegistration() {
    }

    /**
     * The contact and dead-letter schemas as registered in group {@code groupId} of the registry whose v3 API is at
     * {@code url}; a {@link SchemaRegistrationException} naming the setting when it cannot be reached or refuses them.
     */
    public static RecordSchemas register(String url, String groupId) {
        String apiUrl = checkedUrl(url);
        if (groupId.isBlank()) {
            throw new SchemaRegistrationException(GROUP_SETTING + " is not set");
        }
        // a Vert.x of its own, closed once registered: the client is needed at start only
        Vertx vertx = Vertx.vertx();
        try {
            RegistryClient client = RegistryClientFactory.create(RegistryClientOptions.create(apiUrl, vertx));
            return new RecordSchemas(Optional.of(register(client, apiUrl, groupId, CONTACT_ARTIFACT)),
                    Optional.of(register(client, apiUrl, groupId, DEAD_LETTER_ARTIFACT)));
        } finally {
            vertx.close();
        }
    }

    private static RegisteredSchema register(RegistryClient client, String apiUrl, String groupId, String artifactId) {
        VersionContent content = new VersionContent();
        content.setContent(bundledSchema(artifactId));
        content.setContentType("application/json");
        CreateVersion version = new CreateVersion();
        version.setContent(content);
        CreateArtifact artifact = new CreateArtifact();
        artifact.setArtifactId(artifactId);
        artifact.setArtifactType("JSON");
        artifact.setFirstVersion(version);
        VersionMetaData registered;
        try {
            registered = client.groups().byGroupId(groupId).artifacts().post(artifact,
                    request -> request.queryParameters.ifExists = IfArtifactExists.FIND_OR_CREATE_VERSION).getVersion();
        } catch (RuntimeException failed) {
            throw new SchemaRegistrationException("The schema registry at " + apiUrl + " (" + URL_SETTING + ") did not register"
                    + " the " + artifactId + " schema: " + reason(failed) + "; start it, correct the setting, or set it"
                    + " empty to publish without a schema registry");
        }
        return new RegisteredSchema(registered.getGlobalId(), registered.getContentId(),
                apiUrl + "/ids/globalIds/" + registered.getGlobalId());
    }

    private static String bundledSchema(String artifactId) {
        String resource = "schemas/" + artifactId + ".schema.json";
        try (InputStream in = SchemaRegistration.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + resource, unreadable);
        }
    }

    private static String checkedUrl(String url) {
        try {
            URI uri = URI.create(url);
            // no credentials: the URL is logged and named in every record's ce_dataschema
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null && uri.getQuery() == null) {
                // the record headers name schemas at <url>/ids/globalIds/<id>
                return TRAILING_SLASHES.matcher(url).replaceFirst("");
            }
        } catch (IllegalArgumentException notAUri) {
            // refused below
        }
        String shown = CREDENTIALS.matcher(url).replaceFirst("//***@");
        throw new SchemaRegistrationException("Invalid setting " + URL_SETTING + "=" + shown + ": allowed values are"
                + " empty (off) or the registry's v3 API URL without credentials, e.g."
                + " http://apicurio-registry:8080/apis/registry/v3");
    }

    /** What the registry said, or why it said nothing (the innermost cause: connection refused, unknown host, ...). */
    private static String reason(Throwable failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemDetails problem) {
                return problem.getStatus() + " " + problem.getTitle()
                        + (problem.getDetail() == null ? "" : " (" + problem.getDetail() + ")");
            }
            if (cause instanceof ApiException refused) {
                return "HTTP " + refused.getResponseStatusCode();
            }
        }
        Throwable root = failed;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
