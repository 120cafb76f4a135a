package dev.inkwell.records;

/**
 * Names in the MongoDB system database. The tenancy service writes the collections; the route controller reads them and
 * writes only the {@code routeStatus} sub-document of each record.
 */
public final class SystemDatabase {

  /** Default name of the system database. */
  public static final String DEFAULT_NAME = "inkwell";
  /** App records, {@code _id} = appid. */
  public static final String APPS = "apps";
  /** Bucket records, {@code _id} = {@code <appid>-<name>}. */
  public static final String BUCKETS = "buckets";
  /** The field of a record (app or bucket) that the route controller owns. */
  public static final String ROUTE_STATUS = "routeStatus";

  private SystemDatabase() {
  }
}
