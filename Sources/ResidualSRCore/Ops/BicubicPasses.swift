import Foundation

/// The two 1-D passes of the bicubic resize. Both read a contribution table and write whole rows;
/// neither allocates. Rows are independent, so both split into row bands across threads.
extension Bicubic {
    /// Resizes along y. src: planes x table.inputCount x width, dst: planes x table.outputCount x width.
    /// Each output row is a weighted sum of `taps` input rows, which the compiler vectorises along x.
    static func verticalPass(
        _ src: UnsafePointer<Float>, width: Int, planes: Int, table: BicubicContributions,
        into dst: UnsafeMutablePointer<Float>, clamp: ClosedRange<Float>?
    ) {
        let (inRows, outRows, taps) = (table.inputCount, table.outputCount, table.taps)
        table.indices.withUnsafeBufferPointer { indices in
            table.weights.withUnsafeBufferPointer { weights in
                forEachBand(rows: planes * outRows, samplesPerRow: width * taps) { band in
                    for globalRow in band {
                        let (plane, row) = globalRow.quotientAndRemainder(dividingBy: outRows)
                        let planeStart = src + plane * inRows * width
                        let out = dst + globalRow * width
                        var tap = 0
                        // Four rows at a time: one read-modify-write of `out` per four taps.
                        while tap < taps {
                            let count = min(4, taps - tap), base = row * taps + tap
                            // A short last group repeats its last row with weight 0.
                            func input(_ k: Int) -> UnsafePointer<Float> {
                                planeStart + Int(indices[base + min(k, count - 1)]) * width
                            }
                            func weight(_ k: Int) -> Float { k < count ? weights[base + k] : 0 }
                            weightedSum4(
                                input(0), input(1), input(2), input(3),
                                weight(0), weight(1), weight(2), weight(3),
                                width: width, into: out, accumulate: tap > 0)
                            tap += count
                        }
                        if let clamp { clampRow(out, count: width, to: clamp) }
                    }
                }
            }
        }
    }

    /// Resizes along x. src: rows x table.inputCount, dst: rows x table.outputCount (rows = planes x height).
    static func horizontalPass(
        _ src: UnsafePointer<Float>, rows: Int, table: BicubicContributions,
        into dst: UnsafeMutablePointer<Float>, clamp: ClosedRange<Float>?
    ) {
        let (inWidth, outWidth, taps) = (table.inputCount, table.outputCount, table.taps)
        table.indices.withUnsafeBufferPointer { indices in
            table.weights.withUnsafeBufferPointer { weights in
                let index = indices.baseAddress!, weight = weights.baseAddress!
                forEachBand(rows: rows, samplesPerRow: outWidth * taps) { band in
                    for row in band {
                        let input = src + row * inWidth
                        let out = dst + row * outWidth
                        if table.periodicRange.isEmpty {
                            gather(input, index, weight, taps: taps, outputs: 0..<outWidth, into: out)
                        } else {
                            let period = table.period, interior = table.periodicRange
                            gather(
                                input, index, weight, taps: taps, outputs: 0..<(interior.lowerBound * period),
                                into: out)
                            periodic(input, table: table, weight: weight, into: out)
                            gather(
                                input, index, weight, taps: taps,
                                outputs: (interior.upperBound * period)..<outWidth, into: out)
                        }
                        if let clamp { clampRow(out, count: outWidth, to: clamp) }
                    }
                }
            }
        }
    }

    /// out[x] = Σ_k weight[x, k] * input[index[x, k]] for x in `outputs` (any scale, borders included).
    @inline(__always)
    private static func gather(
        _ input: UnsafePointer<Float>, _ index: UnsafePointer<Int32>, _ weight: UnsafePointer<Float>,
        taps: Int, outputs: Range<Int>, into out: UnsafeMutablePointer<Float>
    ) {
        if taps == 4 {
            for x in outputs {
                let i = index + 4 * x, w = weight + 4 * x
                out[x] =
                    w[0] * input[Int(i[0])] + w[1] * input[Int(i[1])]
                    + w[2] * input[Int(i[2])] + w[3] * input[Int(i[3])]
            }
        } else {
            for x in outputs {
                let i = index + taps * x, w = weight + taps * x
                var sum: Float = 0
                for k in 0..<taps { sum += w[k] * input[Int(i[k])] }
                out[x] = sum
            }
        }
    }

    /// Integer enlargement away from the borders: phase p of block j reads 4 consecutive inputs from
    /// j + phaseOffsets[p] with output p's weights, so no index table is read.
    @inline(__always)
    private static func periodic(
        _ input: UnsafePointer<Float>, table: BicubicContributions, weight: UnsafePointer<Float>,
        into out: UnsafeMutablePointer<Float>
    ) {
        let period = table.period
        for phase in 0..<period {
            let w = weight + 4 * phase
            let (w0, w1, w2, w3) = (w[0], w[1], w[2], w[3])
            let source = input + table.phaseOffsets[phase]
            let target = out + phase
            for j in table.periodicRange {
                target[period * j] =
                    w0 * source[j] + w1 * source[j + 1] + w2 * source[j + 2] + w3 * source[j + 3]
            }
        }
    }

    /// out[x] (+)= w0*r0[x] + w1*r1[x] + w2*r2[x] + w3*r3[x] for x in 0..<width.
    @inline(__always)
    private static func weightedSum4(
        _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>,
        _ r3: UnsafePointer<Float>, _ w0: Float, _ w1: Float, _ w2: Float, _ w3: Float,
        width: Int, into out: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        if accumulate {
            for x in 0..<width { out[x] += w0 * r0[x] + w1 * r1[x] + w2 * r2[x] + w3 * r3[x] }
        } else {
            for x in 0..<width { out[x] = w0 * r0[x] + w1 * r1[x] + w2 * r2[x] + w3 * r3[x] }
        }
    }

    @inline(__always)
    private static func clampRow(_ row: UnsafeMutablePointer<Float>, count: Int, to range: ClosedRange<Float>)
    {
        let (low, high) = (range.lowerBound, range.upperBound)
        for x in 0..<count { row[x] = min(max(row[x], low), high) }
    }

    /// Runs `body` over bands of 0..<rows, on all cores when the work is big enough to pay for it
    /// (below ~256K multiply-adds, about 0.1 ms, dispatching costs more than it saves; training-patch
    /// sized calls stay on the caller's thread).
    static func forEachBand(rows: Int, samplesPerRow: Int, _ body: (Range<Int>) -> Void) {
        let work = rows * max(samplesPerRow, 1)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard cores > 1, work >= 1 << 18, rows > 1 else {
            body(0..<rows)
            return
        }
        // A few bands per core so that a core slowed by another process does not hold up the rest.
        let bands = min(rows, cores * 4)
        // Bands write disjoint rows, so sharing the (non-Sendable) body across threads is safe.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            body((band * rows / bands)..<((band + 1) * rows / bands))
        }
    }
}
