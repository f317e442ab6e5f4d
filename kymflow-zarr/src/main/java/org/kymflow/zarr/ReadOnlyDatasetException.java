package org.kymflow.zarr;

/** A write was attempted on a dataset opened in {@link OpenMode#READ}. */
public class ReadOnlyDatasetException extends ZarrException {
    private static final long serialVersionUID = 1L;
    private final String dataset;
    private final String action;

    /**
     * @param dataset the dataset's location
     * @param action what was attempted, e.g. "save table 'kym_radon'"
     */
    public ReadOnlyDatasetException(String dataset, String action) {
        super("cannot " + action + ": " + dataset + " is open read-only");
        this.dataset = dataset;
        this.action = action;
    }

    /** @return the dataset's location */
    public String dataset() {
        return dataset;
    }

    /** @return what was attempted */
    public String action() {
        return action;
    }
}
