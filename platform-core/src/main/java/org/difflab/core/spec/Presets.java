package org.difflab.core.spec;

import java.util.Optional;
import org.difflab.api.Preset;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.component.ExtensionKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A spec's {@code preset: ID} (or a list of ids, applied in order): each named {@link Preset}'s fragment is put
 * under the spec, so the spec starts from the recipe and overrides what it names. The resolved spec spells out
 * everything the presets set, so a run's id and spec.yaml do not depend on whether a preset was used.
 */
final class Presets {

    static final String KEY = "preset";

    private Presets() {}

    /** Replaces the document's preset key by the presets' keys (the document's own keys win). */
    static void apply(SpecDocument document, ComponentRegistry registry) {
        JsonNode named = document.root().remove(KEY);
        if (named == null || named.isNull()) {
            return;
        }
        java.util.List<JsonNode> ids = new java.util.ArrayList<>();
        if (named.isArray()) {
            named.forEach(ids::add);
        } else {
            ids.add(named);
        }
        // later presets override earlier ones: put them under the document last to first
        for (int i = ids.size() - 1; i >= 0; i--) {
            String path = named.isArray() ? SpecPaths.element(KEY, i) : KEY;
            JsonNode id = ids.get(i);
            if (!id.isString()) {
                throw new SpecException(document.where(path), path, "expected a preset id or a list of them, got "
                        + SpecBinder.describe(id));
            }
            Preset preset = find(registry, id.asString()).orElseThrow(() -> new SpecException(document.where(path),
                    path, "unknown preset '" + id.asString() + "'; accepted: "
                            + String.join(", ", registry.ids(ExtensionKind.PRESET))
                            + SpecBinder.suggestion(id.asString(), registry.ids(ExtensionKind.PRESET))));
            String where = "preset '" + id.asString() + "'";
            SpecDocument fragment = YamlSpecParser.parse(preset.fragment(), where, null);
            document.rebase((ObjectNode) fragment.root(), where);
        }
    }

    private static Optional<Preset> find(ComponentRegistry registry, String id) {
        return registry.find(ExtensionKind.PRESET, id).map(type -> (Preset) type.instantiate(null));
    }
}
