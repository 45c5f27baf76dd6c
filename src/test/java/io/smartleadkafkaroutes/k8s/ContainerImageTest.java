package io.smartleadkafkaroutes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.smartleadkafkaroutes.support.ShippedSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The Dockerfile and the pom's Jib configuration build one image: the pod's user, the management port, the same JVM. */
class ContainerImageTest {

    private static final String JIB = "/project/build/plugins/plugin[artifactId='jib-maven-plugin']/configuration/";
    private static final String ARCHIVE = "/deployments/app.jsa";
    private static final String TRAINING = "src/main/docker/cds-training.properties";
    private static final String CLASS_DATA_ARCHIVE = "-XX:SharedArchiveFile=" + ARCHIVE;
    private static final String OCI = "org.opencontainers.image.";
    private static final String CREATED = OCI + "created";

    @Test
    void should_build_the_same_image_with_docker_and_with_jib_for_the_pod() throws Exception {
        List<String> dockerfile = dockerfile();
        Document pom = pom();
        PodSecurityContext pod = Manifests.one(Manifests.BASE.resolve("deployment.yaml"), Deployment.class)
                .getSpec().getTemplate().getSpec().getSecurityContext();
        List<String> entrypoint = Arrays.asList(new ObjectMapper().readValue(instruction(dockerfile, "ENTRYPOINT"), String[].class));
        List<String> jvmFlags = texts(pom, JIB + "container/jvmFlags/jvmFlag");
        List<String> javaCommand = new ArrayList<>(List.of("java"));
        javaCommand.addAll(jvmFlags);
        javaCommand.add("-jar");

        assertThat(instruction(dockerfile, "FROM")).isEqualTo("eclipse-temurin:17-jre");
        assertThat(texts(pom, JIB + "from/image").stream().map(image -> resolve(pom, image)))
                .containsExactly(instruction(dockerfile, "FROM"));
        assertThat(instruction(dockerfile, "USER")).isEqualTo(pod.getRunAsUser() + ":" + pod.getRunAsGroup());
        assertThat(texts(pom, JIB + "container/user")).containsExactly(instruction(dockerfile, "USER"));
        assertThat(instruction(dockerfile, "EXPOSE")).isEqualTo(ShippedSettings.load().getProperty("camel.management.port"));
        assertThat(texts(pom, JIB + "container/ports/port")).containsExactly(instruction(dockerfile, "EXPOSE"));
        assertThat(jvmFlags).contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError");
        // Jib runs nothing at build time, so only the Dockerfile's image has the trained class-data archive
        assertThat(entrypoint).startsWith(javaCommand.get(0), CLASS_DATA_ARCHIVE)
                .containsSubsequence(javaCommand.toArray(String[]::new))
                .hasSize(javaCommand.size() + 2);
        assertThat(String.join("\n", dockerfile)).contains("-XX:ArchiveClassesAtExit=" + ARCHIVE);
    }

    @Test
    void should_send_docker_only_the_packaged_jar_its_dependencies_and_the_training_settings() throws Exception {
        List<String> dockerfile = dockerfile();
        Document pom = pom();
        String jar = "target/" + texts(pom, "/project/artifactId").get(0) + ".jar";
        List<String> copied = dockerfile.stream().filter(line -> line.startsWith("COPY "))
                .map(line -> line.split("\\s+")[1]).toList();

        assertThat(copied).containsExactlyInAnyOrder("target/lib/", jar, TRAINING);
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).filteredOn(line -> !line.startsWith("#"))
                .containsExactly("*", "!" + jar, "!target/lib/", "!" + TRAINING);
    }

    @Test
    void should_label_both_images_alike_and_build_jibs_for_amd64_and_arm64() throws Exception {
        Document pom = pom();
        List<String> dockerfile = dockerfile();
        Map<String, String> jibLabels = new TreeMap<>();
        NodeList labels = nodes(pom, JIB + "container/labels/*");
        for (int i = 0; i < labels.getLength(); i++) {
            jibLabels.put(labels.item(i).getNodeName(), resolve(pom, labels.item(i).getTextContent().trim()));
        }
        Map<String, String> dockerLabels = dockerLabels(String.join("\n", dockerfile));
        // the build time: Maven's for Jib, which gives its image the same creation time; a build argument for Docker
        String jibCreated = jibLabels.remove(CREATED);
        dockerLabels.remove(CREATED);

        assertThat(jibLabels).containsOnlyKeys(Stream.of("title", "description", "version", "revision", "source",
                "licenses", "base.name").map(OCI::concat).toList());
        assertThat(dockerLabels).isEqualTo(jibLabels);
        assertThat(jibCreated).isEqualTo("${maven.build.timestamp}")
                .isEqualTo(texts(pom, JIB + "container/creationTime").get(0));
        assertThat(String.join("\n", dockerfile)).contains(CREATED + "=\"${CREATED}\"");
        assertThat(jibLabels.get(OCI + "licenses")).isEqualTo(texts(pom, "/project/licenses/license/name").get(0));
        assertThat(jibLabels.get(OCI + "description")).isEqualTo(texts(pom, "/project/description").get(0));
        assertThat(jibLabels.get(OCI + "base.name")).isEqualTo(instruction(dockerfile, "FROM"));
        assertThat(texts(pom, JIB + "from/platforms/platform/architecture")).containsExactlyInAnyOrder("amd64", "arm64");
        assertThat(texts(pom, JIB + "from/platforms/platform/os")).containsOnly("linux");
    }

    /** LABEL key="value" pairs, continuation lines joined and ${NAME} taken from the default of ARG NAME. */
    private static Map<String, String> dockerLabels(String dockerfile) {
        String joined = dockerfile.replace("\\\n", " ");
        Map<String, String> args = new TreeMap<>();
        Matcher arg = Pattern.compile("(?m)^ARG (\\w+)=(\\S+)$").matcher(joined);
        while (arg.find()) {
            args.put(arg.group(1), arg.group(2));
        }
        Map<String, String> labels = new TreeMap<>();
        Matcher label = Pattern.compile("(?m)^LABEL (.*)$").matcher(joined);
        while (label.find()) {
            Matcher pair = Pattern.compile("([\\w.-]+)=\"([^\"]*)\"").matcher(label.group(1));
            while (pair.find()) {
                labels.put(pair.group(1), substitute(pair.group(2), "\\$\\{(\\w+)}", name -> {
                    assertThat(args).as("ARG " + name + " with a default").containsKey(name);
                    return args.get(name);
                }));
            }
        }
        return labels;
    }

    /** A pom value with ${project.x} taken from the pom's own elements and ${name} from its properties. */
    private static String resolve(Document pom, String value) {
        return substitute(value, "\\$\\{([\\w.]+)}", name -> {
            List<String> found = texts(pom, name.startsWith("project.") ? "/project/" + name.substring("project.".length())
                    : "/project/properties/" + name);
            return found.isEmpty() ? "${" + name + "}" : found.get(0);
        });
    }

    /** The value with every match of the pattern replaced by what its first group names. */
    private static String substitute(String value, String pattern, Function<String, String> named) {
        Matcher reference = Pattern.compile(pattern).matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            reference.appendReplacement(resolved, Matcher.quoteReplacement(named.apply(reference.group(1))));
        }
        return reference.appendTail(resolved).toString();
    }

    private static List<String> dockerfile() throws Exception {
        return Files.readAllLines(Path.of("Dockerfile"));
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    }

    /** The argument of the one instruction of that name. */
    private static String instruction(List<String> dockerfile, String name) {
        List<String> found = dockerfile.stream().filter(line -> line.startsWith(name + " ")).toList();
        assertThat(found).as(name + " instructions").hasSize(1);
        return found.get(0).substring(name.length() + 1).trim();
    }

    private static NodeList nodes(Document pom, String path) {
        try {
            return (NodeList) XPathFactory.newInstance().newXPath().evaluate(path, pom, XPathConstants.NODESET);
        } catch (XPathExpressionException invalid) {
            throw new IllegalArgumentException(path, invalid);
        }
    }

    private static List<String> texts(Document pom, String path) {
        NodeList nodes = nodes(pom, path);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }
}
