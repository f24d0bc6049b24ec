package org.difflab.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Indexed Job of {@code difflab sweep --emit k8s} against the Job schema of Kubernetes 1.34: the OpenAPI
 * (Swagger 2.0) definitions that fabric8 7.5.2 generated from Kubernetes 1.34.1 and ships in its
 * kubernetes-model-validator jar (Maven Central). No cluster can run here, so this is the check a server would
 * make first. The schema is made strict the way {@code kubectl apply --validate=strict} is: an object may hold only
 * the fields its definition lists (Kubernetes' definitions leave additionalProperties open).
 */
class KubernetesJobSchemaTest {

    private static final String SCHEMA_RESOURCE = "/openshift-generated.json";
    private static final String JOB = "io.k8s.api.batch.v1.Job";
    private static Schema jobSchema;

    @TempDir
    Path root;

    @BeforeAll
    static void loadSchema() throws IOException {
        ObjectNode definitions;
        try (InputStream in = KubernetesJobSchemaTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            assertThat(in).as(SCHEMA_RESOURCE + " (io.fabric8:kubernetes-model-validator)").isNotNull();
            definitions = (ObjectNode) JsonMapper.builder().build().readTree(in).get("definitions");
        }
        assertThat(definitions.has(JOB)).isTrue();
        // Kubernetes 1.34 API facts, so that a schema of another version is noticed: the Pod field hostnameOverride
        // (new in 1.34) and resource.k8s.io/v1 (GA in 1.34) are there
        assertThat(definitions.at("/io.k8s.api.core.v1.PodSpec/properties").has("hostnameOverride")).isTrue();
        assertThat(definitions.has("io.k8s.api.resource.v1.ResourceClaim")).isTrue();
        for (JsonNode definition : definitions.values()) {
            if (definition.has("properties") && !definition.has("additionalProperties")) {
                ((ObjectNode) definition).put("additionalProperties", false);
            }
            dropExtensions(definition);
        }
        ObjectNode document = JsonMapper.builder().build().createObjectNode();
        document.put("$schema", "http://json-schema.org/draft-04/schema#");
        document.put("$ref", "#/definitions/" + JOB);
        document.set("definitions", definitions);
        jobSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(SchemaLocation.of("urn:kubernetes-1.34.1"), document);
    }

    /** Removes the x-kubernetes-* and x-fabric8-* annotations (no validation meaning; the validator warns on them). */
    private static void dropExtensions(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.propertyNames().stream().filter(k -> k.startsWith("x-")).toList().forEach(object::remove);
        }
        node.values().forEach(KubernetesJobSchemaTest::dropExtensions);
    }

    private static List<String> problems(JsonNode job) {
        return jobSchema.validate(job).stream().map(Error::toString).toList();
    }

    private JsonNode emit(String... options) throws IOException {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        Path spec = root.resolve("sweep.yaml");
        Files.writeString(spec, SweepFixtures.spec(0, 0));
        Path out = root.resolve("out");
        List<String> args = new java.util.ArrayList<>(List.of("sweep", spec.toString(), "--out", out.toString(),
                "--emit", "k8s"));
        args.addAll(List.of(options));
        Cli.Result result = Cli.run(plugins, args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path file = SweepRunTest.onlySweep(out).resolve("k8s-job.yaml");
        return YAMLMapper.builder().build().readTree(Files.readString(file));
    }

    @Test
    void theEmittedIndexedJobIsAValidKubernetes134Job() throws IOException {
        for (String[] options : new String[][] {{}, {"--tasks", "3", "--max-concurrent", "2", "--image",
            "registry.example/difflab:1", "--claim", "shared-results", "--set", "sampling.count=150"}}) {
            JsonNode job = emit(options);
            assertThat(problems(job)).as(job.toString()).isEmpty();
            assertThat(job.at("/metadata/name").asString()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThan(64);
            // fields the schema cannot check: Indexed completion with per-index retries needs restartPolicy Never
            assertThat(job.at("/spec/completionMode").asString()).isEqualTo("Indexed");
            assertThat(job.at("/spec/backoffLimitPerIndex").asInt()).isEqualTo(1);
            assertThat(job.at("/spec/template/spec/restartPolicy").asString()).isEqualTo("Never");
            assertThat(job.at("/spec/template/spec/containers/0/resources/requests/cpu").isString()).isTrue();
        }
    }

    @Test
    void theSchemaRejectsAMisspelledFieldAWrongTypeAndAMissingRequiredField() throws IOException {
        JsonNode job = emit();
        assertThat(problems(job)).isEmpty();

        ObjectNode misspelled = (ObjectNode) job.deepCopy();
        ((ObjectNode) misspelled.get("spec")).set("completionMod", misspelled.at("/spec/completionMode"));
        assertThat(problems(misspelled)).singleElement().asString().isEqualTo("/spec: property 'completionMod' is not defined in the schema and the schema does not allow"
                        + " additional properties");

        ObjectNode wrongType = (ObjectNode) job.deepCopy();
        ((ObjectNode) wrongType.get("spec")).put("completions", "twelve");
        assertThat(problems(wrongType)).singleElement().asString().startsWith("/spec/completions: ").contains("integer");

        ObjectNode unnamed = (ObjectNode) job.deepCopy();
        ((ObjectNode) unnamed.at("/spec/template/spec/containers/0")).remove("name");
        assertThat(problems(unnamed)).singleElement().asString().startsWith("/spec/template/spec/containers/0: ")
                .contains("name");
    }
}
