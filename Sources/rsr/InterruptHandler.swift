import Dispatch
import Foundation
import ResidualSRCore

/// The signal handling of `upscale`, `residual` and `train`. First Ctrl-C (or SIGTERM, SIGHUP): `stop`
/// (upscale: discard the file in flight, so no partial output; train: checkpoint after the step).
/// Second: remove the temporary files in flight and exit now.
final class InterruptHandler: @unchecked Sendable {
    static let signals = [SIGINT, SIGTERM, SIGHUP]
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var count = 0

    init(notice: String, quiet: Bool, stop: @escaping @Sendable () -> Void) {
        for number in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned self] in  // the source is released when restore() cancels it
                // Signals arriving together are coalesced into one event; `data` says how many.
                let presses = lock.withLock { count += max(1, Int(source.data)); return count }
                if presses > 1 {
                    AtomicFile.removeLiveTemporaries()
                    _exit(130)
                }
                if !quiet { FileHandle.standardError.write(Data("\ninterrupted: \(notice) (Ctrl-C again to quit now)\n".utf8)) }
                stop()
            }
            source.resume()
            sources.append(source)
        }
    }

    var interrupted: Bool { lock.withLock { count > 0 } }

    func restore() {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}
