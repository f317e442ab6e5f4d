package org.kymflow.runtime;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kymflow.api.Provenance;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrDatasetReader;

/**
 * What a person said about velocity events: a label ({@code unreviewed}, {@code true_stall}, {@code reversal},
 * {@code other}), a note and accepted or rejected, on a detected event, and events a person added. They live
 * in {@code tables/sys_event_labels.parquet}, apart from {@code kym_velocity_events}, so that recomputing the
 * events never loses them: a label is matched to the recomputed event of its ROI, channel and type whose
 * start is nearest and within {@link #MATCH_TOLERANCE_S}; a label whose event disappeared is kept and shown
 * as orphaned, never dropped.
 */
public final class EventLabels {
    /** The table's name; the {@code sys_} prefix is reserved, so no indexer can write it. */
    public static final String TABLE = "sys_event_labels";
    /** The analysis whose events are labelled. */
    public static final String EVENTS_TABLE = "kym_velocity_events";
    /** The labels a person can give, as the Python app names them. */
    public static final List<String> USER_TYPES = List.of("unreviewed", "true_stall", "reversal", "other");
    /** How far, in seconds, a recomputed event's start may move and keep its label. */
    public static final double MATCH_TOLERANCE_S = 0.1;
    /** The type of an event a person added. */
    public static final String USER_ADDED = "user_added";
    static final Schema SCHEMA = Schema.of(Field.required("label_id", ColumnType.STRING), Field.required(Provenance.IMAGE_ID, ColumnType.STRING),
            Field.required("roi_id", ColumnType.INT), Field.required("channel", ColumnType.INT), Field.required("event_type", ColumnType.STRING),
            Field.required("t_start_s", ColumnType.DOUBLE), Field.of("t_end_s", ColumnType.DOUBLE), Field.required("user_type", ColumnType.STRING),
            Field.required("note", ColumnType.STRING), Field.of("accepted", ColumnType.BOOLEAN), Field.required("user_added", ColumnType.BOOLEAN));

    private EventLabels() {
    }

    /**
     * An event as a person reviews it.
     *
     * @param eventId its URL-safe id: from its ROI, channel, type and start for a detected event, the label's
     *     own for an added one
     * @param roiId its ROI
     * @param channel its channel
     * @param eventType the detector's type, or {@code user_added}
     * @param tStartS its start, s
     * @param tEndS its end, s, or null
     * @param userType its label ({@code unreviewed} until a person gives one)
     * @param note the person's note
     * @param accepted accepted (true), rejected (false), or not said (null)
     * @param userAdded whether a person added it
     * @param orphaned whether it is a label whose detected event is gone (recomputed away)
     */
    public record Event(String eventId, int roiId, int channel, String eventType, double tStartS, Double tEndS, String userType,
                        String note, Boolean accepted, boolean userAdded, boolean orphaned) {
        /** @return the event as the viewer's API and exports give it, the label in the Python app's column names */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event_id", eventId);
            m.put("roi_id", roiId);
            m.put("channel", channel);
            m.put("event_type", eventType);
            m.put("t_start_s", tStartS);
            m.put("t_end_s", tEndS);
            m.put("user_type", userType);
            m.put("note", note);
            m.put("accepted", accepted);
            m.put("user_added", userAdded);
            m.put("orphaned", orphaned);
            return m;
        }
    }

    /**
     * Images' events with their labels, each image's the detected ones in table order, then added ones, then
     * orphaned labels. The event and label tables are read once for all the images.
     *
     * @param ds the dataset
     * @param imageIds the images
     * @return image id to its events, every given image, in the given order
     */
    public static Map<String, List<Event>> events(ZarrDatasetReader ds, java.util.Collection<String> imageIds) {
        Set<String> wanted = new java.util.LinkedHashSet<>(imageIds);
        Table machine = ds.hasTable(EVENTS_TABLE) ? ds.loadTableRows(EVENTS_TABLE, wanted, null, Long.MAX_VALUE) : null;
        Table labels = ds.hasTable(TABLE) ? ds.loadTableRows(TABLE, wanted, null, Long.MAX_VALUE) : Table.builder(SCHEMA).build();
        Map<String, int[]> machineRows = machine == null ? Map.of() : ImageNames.rowsByImage(machine);
        Map<String, int[]> labelRows = ImageNames.rowsByImage(labels);
        Map<String, List<Event>> out = new LinkedHashMap<>();
        int[] none = new int[0];
        for (String id : wanted) {
            out.put(id, events(machine == null ? null : machine.selectRows(machineRows.getOrDefault(id, none)),
                    labels.selectRows(labelRows.getOrDefault(id, none))));
        }
        return out;
    }

    /** One image's events from its rows of the event table (null when there is none) and of the label table. */
    private static List<Event> events(Table machine, Table labels) {
        List<Event> out = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (int r = 0; machine != null && r < machine.rowCount(); r++) {
            int roi = machine.getInt("roi_id", r);
            int channel = machine.getInt("channel", r);
            String type = machine.getString("event_type", r);
            double start = machine.getDouble("t_start_s", r);
            Double end = machine.isNull("t_end_s", r) ? null : machine.getDouble("t_end_s", r);
            int label = match(labels, roi, channel, type, start, used);
            String id = machineId(roi, channel, type, start);
            if (label < 0) {
                out.add(new Event(id, roi, channel, type, start, end, "unreviewed", "", null, false, false));
            } else {
                used.add(label);
                out.add(new Event(id, roi, channel, type, start, end, labels.getString("user_type", label), labels.getString("note", label),
                        labels.isNull("accepted", label) ? null : labels.getBoolean("accepted", label), false, false));
            }
        }
        for (int r = 0; r < labels.rowCount(); r++) {
            if (used.contains(r)) {
                continue;
            }
            boolean added = labels.getBoolean("user_added", r);
            out.add(new Event(labels.getString("label_id", r), labels.getInt("roi_id", r), labels.getInt("channel", r),
                    labels.getString("event_type", r), labels.getDouble("t_start_s", r),
                    labels.isNull("t_end_s", r) ? null : labels.getDouble("t_end_s", r), labels.getString("user_type", r),
                    labels.getString("note", r), labels.isNull("accepted", r) ? null : labels.getBoolean("accepted", r), added, !added));
        }
        return out;
    }

    /** A detected event's id: its ROI, channel, type and start in milliseconds, URL-safe. */
    static String machineId(int roi, int channel, String type, double start) {
        return "e" + roi + "-" + channel + "-" + type + "-" + Math.round(start * 1000);
    }

    /** The unused, not user-added label of that ROI, channel and type whose start is nearest and within the tolerance; -1 if none. */
    private static int match(Table labels, int roi, int channel, String type, double start, Set<Integer> used) {
        int best = -1;
        double bestDistance = MATCH_TOLERANCE_S;
        for (int r = 0; r < labels.rowCount(); r++) {
            if (used.contains(r) || labels.getBoolean("user_added", r) || labels.getInt("roi_id", r) != roi
                    || labels.getInt("channel", r) != channel || !labels.getString("event_type", r).equals(type)) {
                continue;
            }
            double d = Math.abs(labels.getDouble("t_start_s", r) - start);
            if (d <= bestDistance) {
                best = r;
                bestDistance = d;
            }
        }
        return best;
    }

    static Table all(ZarrDatasetReader ds) {
        return ds.hasTable(TABLE) ? ds.loadTable(TABLE) : Table.builder(SCHEMA).build();
    }

    /**
     * Labels an event (a detected one, an added one or an orphaned label), replacing what it said.
     *
     * @param ds the dataset, open for writing
     * @param imageId the image
     * @param eventId the event's id, as {@link #events} gives it
     * @param userType one of {@link #USER_TYPES}
     * @param note a note (at most 2,000 characters)
     * @param accepted accepted, rejected, or null
     * @return the event as labelled
     * @throws IllegalArgumentException naming an unknown event or label
     */
    static Event label(ZarrDataset ds, String imageId, String eventId, String userType, String note, Boolean accepted) {
        if (!USER_TYPES.contains(userType)) {
            throw new IllegalArgumentException("user_type must be one of " + USER_TYPES + ", was '" + userType + "'");
        }
        if (note != null && note.length() > 2000) {
            throw new IllegalArgumentException("the note is " + note.length() + " characters; at most 2000");
        }
        Event event = find(ds, imageId, eventId);
        Table all = all(ds);
        Table.RowBuilder rows = Table.builder(SCHEMA);
        String labelId = null;
        for (int r = 0; r < all.rowCount(); r++) {
            boolean same = all.getString(Provenance.IMAGE_ID, r).equals(imageId) && (all.getString("label_id", r).equals(eventId)
                    || !event.userAdded() && !all.getBoolean("user_added", r) && all.getInt("roi_id", r) == event.roiId()
                    && all.getInt("channel", r) == event.channel() && all.getString("event_type", r).equals(event.eventType())
                    && Math.abs(all.getDouble("t_start_s", r) - event.tStartS()) <= MATCH_TOLERANCE_S);
            if (same && labelId == null) {
                labelId = all.getString("label_id", r); // this event's label: replaced below
                continue;
            }
            rows.addRow(all.row(r).values().toArray());
        }
        rows.addRow(labelId != null ? labelId : event.eventId(), imageId, event.roiId(), event.channel(), event.eventType(), event.tStartS(),
                event.tEndS(), userType, note == null ? "" : note, accepted, event.userAdded());
        ds.saveTable(TABLE, rows.build());
        return find(ds, imageId, labelId != null && event.userAdded() ? labelId : event.eventId());
    }

    /**
     * Adds an event a person saw.
     *
     * @param ds the dataset, open for writing
     * @param imageId the image
     * @param roiId its ROI
     * @param channel its channel
     * @param tStartS its start, s
     * @param tEndS its end, s, or null
     * @return the event
     */
    static Event add(ZarrDataset ds, String imageId, int roiId, int channel, double tStartS, Double tEndS) {
        if (!Double.isFinite(tStartS) || tEndS != null && !(tEndS >= tStartS)) {
            throw new IllegalArgumentException("an event needs a start and an end not before it, was " + tStartS + " .. " + tEndS);
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String id = "u" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Table row = Table.builder(SCHEMA).addRow(id, imageId, roiId, channel, USER_ADDED, tStartS, tEndS, "unreviewed", "", null, true).build();
        ds.saveTable(TABLE, Table.concat(all(ds), row));
        return find(ds, imageId, id);
    }

    /**
     * Deletes an added event (detected ones are not deleted: reject them, {@code accepted} false).
     *
     * @param ds the dataset, open for writing
     * @param imageId the image
     * @param eventId the added event's id
     */
    static void delete(ZarrDataset ds, String imageId, String eventId) {
        Event event = find(ds, imageId, eventId);
        if (!event.userAdded()) {
            throw new IllegalArgumentException("event " + eventId + " was detected, not added; reject it (accepted false) instead");
        }
        Table all = all(ds);
        ds.saveTable(TABLE, all.filterRows(r -> !(all.getString(Provenance.IMAGE_ID, r).equals(imageId)
                && all.getString("label_id", r).equals(eventId))));
    }

    private static Event find(ZarrDatasetReader ds, String imageId, String eventId) {
        for (Event e : events(ds, List.of(imageId)).get(imageId)) {
            if (e.eventId().equals(eventId)) {
                return e;
            }
        }
        throw new IllegalArgumentException("image " + imageId + " has no event " + eventId);
    }
}
