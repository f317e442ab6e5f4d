package org.kymflow.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kymflow.api.BaseIndexer;

/**
 * The order to run indexers in: every indexer after the inputs it reads ({@link BaseIndexer#inputs()}),
 * inputs that were not asked for added, so that {@code index velocity_events} first brings {@code radon}
 * up to date. A cycle, or an input that is not installed or not loaded, is an error before anything runs,
 * naming the chain.
 *
 * @param order indexers to run, inputs first
 * @param addedAsInputs names run only because another indexer reads them
 */
public record IndexPlan(List<BaseIndexer> order, Set<String> addedAsInputs) {
    /**
     * Copies the lists.
     *
     * @param order see the record
     * @param addedAsInputs see the record
     */
    public IndexPlan {
        order = List.copyOf(order);
        addedAsInputs = Set.copyOf(addedAsInputs);
    }

    /**
     * @param catalog the indexers available
     * @param names the indexers asked for
     * @param params params per indexer name (others take their defaults)
     * @return the plan
     * @throws IllegalArgumentException naming the chain for a cycle, or an input that is missing or not loaded
     */
    public static IndexPlan resolve(IndexerCatalog catalog, List<String> names, Map<String, Map<String, Object>> params) {
        Map<String, BaseIndexer> done = new LinkedHashMap<>();
        Set<String> added = new LinkedHashSet<>();
        for (String name : names) {
            visit(catalog, name, params, new ArrayList<>(), done);
        }
        for (String name : done.keySet()) {
            if (!names.contains(name)) {
                added.add(name);
            }
        }
        return new IndexPlan(new ArrayList<>(done.values()), added);
    }

    /**
     * Splits params as the command lines take them, {@code NAME.KEY=VALUE}, by analysis.
     *
     * @param given keys {@code NAME.KEY} to values, in order
     * @return per analysis name, its params as given
     * @throws IllegalArgumentException naming a key that is not {@code NAME.KEY}
     */
    public static Map<String, Map<String, Object>> paramsByIndexer(Map<String, String> given) {
        Map<String, Map<String, Object>> byIndexer = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : given.entrySet()) {
            int dot = p.getKey().indexOf('.');
            if (dot < 1) {
                throw new IllegalArgumentException("--param must be NAME.KEY=VALUE, was " + p.getKey());
            }
            byIndexer.computeIfAbsent(p.getKey().substring(0, dot), k -> new LinkedHashMap<>()).put(p.getKey().substring(dot + 1), p.getValue());
        }
        return byIndexer;
    }

    /**
     * Refuses params for an analysis the plan does not run: a typo there would otherwise go unnoticed.
     *
     * @param params per analysis name, its params
     * @throws IllegalArgumentException naming the param, its analysis and the run
     */
    public void requireParamsInPlan(Map<String, Map<String, Object>> params) {
        List<String> planned = order.stream().map(BaseIndexer::name).toList();
        for (Map.Entry<String, Map<String, Object>> p : params.entrySet()) {
            if (!planned.contains(p.getKey())) {
                throw new IllegalArgumentException("--param " + p.getKey() + "." + p.getValue().keySet().iterator().next() + " is for '"
                        + p.getKey() + "', which this run does not include (running " + planned + ")");
            }
        }
    }

    private static void visit(IndexerCatalog catalog, String name, Map<String, Map<String, Object>> params, List<String> chain,
                              Map<String, BaseIndexer> done) {
        if (done.containsKey(name)) {
            return;
        }
        if (chain.contains(name)) {
            List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(name), chain.size()));
            cycle.add(name);
            throw new IllegalArgumentException("indexers read each other in a cycle: " + String.join(" -> ", cycle));
        }
        if (catalog.find(name).filter(CatalogEntry::isLoaded).isEmpty()) {
            String path = chain.isEmpty() ? name : String.join(" -> ", chain) + " -> " + name;
            throw new IllegalArgumentException(chain.isEmpty() ? "no loaded indexer '" + name + "'"
                    + catalog.find(name).map(e -> " (" + e.status() + ": " + e.reason() + ")").orElse("") + "; available: "
                    + catalog.loadedNames() + "; plugin folders searched: " + catalog.searchedDescription()
                    : "input '" + name + "' of " + chain.get(chain.size() - 1) + " is not "
                    + (catalog.find(name).isPresent() ? "loaded (" + catalog.find(name).get().reason() + ")" : "installed")
                    + " (chain: " + path + ")");
        }
        BaseIndexer indexer = catalog.create(name, params.getOrDefault(name, Map.of()));
        chain.add(name);
        for (String input : indexer.inputs()) {
            visit(catalog, input, params, chain, done);
        }
        chain.remove(chain.size() - 1);
        done.put(name, indexer);
    }
}
