package dev.logcontext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects misuse reports while installed; tests install it and read what was reported. */
final class MisuseRecorder {
  final List<ScopeMisuseException> reports = new CopyOnWriteArrayList<>();

  static MisuseRecorder install() {
    MisuseRecorder recorder = new MisuseRecorder();
    ScopeChecks.setHandler(recorder.reports::add);
    return recorder;
  }
}
