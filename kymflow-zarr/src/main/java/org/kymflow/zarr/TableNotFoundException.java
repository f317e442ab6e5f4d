package org.kymflow.zarr;

/** A dataset table or per-image table artifact that does not exist was asked for. */
public class TableNotFoundException extends ZarrException {
    private static final long serialVersionUID = 1L;
    private final String tableName;
    private final String owner;
    private final String location;

    /**
     * @param tableName the table or artifact name asked for
     * @param owner the dataset, or "image ID", that should hold it
     * @param location the file it would be, for people
     */
    public TableNotFoundException(String tableName, String owner, String location) {
        super("no table '" + tableName + "' in " + owner + " (" + location + ")");
        this.tableName = tableName;
        this.owner = owner;
        this.location = location;
    }

    /** @return the table name asked for */
    public String tableName() {
        return tableName;
    }

    /** @return the dataset, or "image ID", that should hold it */
    public String owner() {
        return owner;
    }

    /** @return the file the table would be */
    public String location() {
        return location;
    }
}
