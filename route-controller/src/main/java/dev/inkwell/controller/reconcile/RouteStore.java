package dev.inkwell.controller.reconcile;

import dev.inkwell.controller.election.Leadership;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where routes are stored (etcd, or APISIX's Admin API): the only I/O on the write side. Adapters in
 * {@code dev.inkwell.controller.etcd} and {@code dev.inkwell.controller.admin}.
 */
public interface RouteStore extends AutoCloseable {

  /** Every stored route whose id starts with {@code inkwell-}, owned or not (the caller checks ownership). */
  Map<String, StoredRoute> listCandidates();

  /** The stored routes with these ids (absent ids are missing from the map). */
  Map<String, StoredRoute> get(Collection<String> ids);

  /**
   * Applies the changes, each conditional on the revision it expects and all on the leadership guard. Returns one
   * result per change, in order. Throws {@link StoreUnavailableException} when the store cannot be reached.
   */
  List<WriteResult> apply(List<Change> changes, Leadership.Guard guard);

  @Override
  void close();
}
