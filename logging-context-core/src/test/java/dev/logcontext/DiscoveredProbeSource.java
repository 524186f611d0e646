package dev.logcontext;

/**
 * The source the core's tests register through {@code ServiceLoader}: it adds {@code discovered}
 * only to a context holding {@code discovery_probe}, so that every other test sees no field of it.
 */
public final class DiscoveredProbeSource implements EventFieldSource {
  /** Called by {@code ServiceLoader}. */
  public DiscoveredProbeSource() {}

  @Override
  public Snapshot addFields(Snapshot context) {
    return context.contains("discovery_probe") ? context.with("discovered", true) : context;
  }
}
