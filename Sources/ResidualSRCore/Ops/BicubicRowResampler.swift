/// `Bicubic.resize(_:width:height:)` (MATLAB `imresize(x, [height width])`) over a stream of rows:
/// input rows arrive top to bottom in bands of any height, and each output row is handed out as
/// soon as every input row it reads has arrived. Only the input rows some later output still needs
/// are kept (resized along x already), so a huge image is resized in memory proportional to a band.
///
/// Always resizes x first (the whole-image resize picks its order by cost); the two agree to float
/// rounding, and the whole-image one is the reference it is tested against.
public struct BicubicRowResampler: Sendable {
    public let inputWidth: Int
    public let inputHeight: Int
    public let outputWidth: Int
    public let outputHeight: Int
    public let planes: Int
    private let columns: BicubicContributions
    private let rows: BicubicContributions
    /// Per output row: the last input row it reads, and the first input row it or any later output reads.
    private let lastRowRead: [Int]
    private let firstRowKept: [Int]
    /// Input rows `windowStart ..< received` resized along x: planes x rows x outputWidth, one array per plane.
    private var window: [[Float]]
    private var windowStart = 0
    private var received = 0
    private var emitted = 0

    public init(inputWidth: Int, inputHeight: Int, outputWidth: Int, outputHeight: Int, planes: Int) {
        precondition(inputWidth >= 1 && inputHeight >= 1 && outputWidth >= 1 && outputHeight >= 1 && planes >= 1)
        (self.inputWidth, self.inputHeight, self.outputWidth, self.outputHeight, self.planes)
            = (inputWidth, inputHeight, outputWidth, outputHeight, planes)
        columns = BicubicContributions(inputCount: inputWidth, outputCount: outputWidth,
                                       scale: Double(outputWidth) / Double(inputWidth))
        let table = BicubicContributions(inputCount: inputHeight, outputCount: outputHeight,
                                         scale: Double(outputHeight) / Double(inputHeight))
        rows = table
        let taps = table.taps
        let reads = (0..<outputHeight).map { output in table.indices[(output * taps)..<((output + 1) * taps)].map(Int.init) }
        lastRowRead = reads.map { $0.max() ?? 0 }
        var kept = reads.map { $0.min() ?? 0 }
        for output in stride(from: outputHeight - 2, through: 0, by: -1) { kept[output] = min(kept[output], kept[output + 1]) }
        firstRowKept = kept
        window = [[Float]](repeating: [], count: planes)
    }

    /// True once every output row has been handed out.
    public var isFinished: Bool { emitted == outputHeight }

    /// Takes the next input rows (`band`: `planes` planes, `inputWidth` wide, any height) and returns
    /// the output rows they complete: `planes` x n x `outputWidth`, n possibly 0, the first of them
    /// being output row `firstRow`.
    public mutating func push(_ band: FloatImage) -> (firstRow: Int, rows: FloatImage) {
        precondition(band.width == inputWidth && band.channels == planes && received + band.height <= inputHeight)
        let firstRow = emitted
        guard band.height > 0 else { return (firstRow, FloatImage(width: outputWidth, height: 0, channels: planes)) }
        appendResizedAlongX(band)
        received += band.height
        var ready = emitted
        while ready < outputHeight && lastRowRead[ready] < received { ready += 1 }
        let count = ready - emitted
        var output = FloatImage(width: outputWidth, height: count, channels: planes)
        output.pixels.withUnsafeMutableBufferPointer { target in
            for plane in 0..<planes {
                window[plane].withUnsafeBufferPointer { rowsOfPlane in
                    for row in 0..<count {
                        sumAlongY(outputRow: emitted + row, from: rowsOfPlane.baseAddress!,
                                  into: target.baseAddress! + (plane * count + row) * outputWidth)
                    }
                }
            }
        }
        emitted = ready
        dropRowsNoLongerRead()
        return (firstRow, output)
    }

    /// band: planes x k x inputWidth -> appended to each plane's window as k x outputWidth, resized
    /// straight into the window (no band-sized temporary).
    private mutating func appendResizedAlongX(_ band: FloatImage) {
        let (rowCount, columns, inputWidth, outputWidth) = (band.height, self.columns, self.inputWidth, self.outputWidth)
        band.pixels.withUnsafeBufferPointer { source in
            for plane in 0..<band.channels {
                let start = window[plane].count
                window[plane].append(contentsOf: repeatElement(0, count: rowCount * outputWidth))
                window[plane].withUnsafeMutableBufferPointer { target in
                    Bicubic.horizontalPass(source.baseAddress! + plane * rowCount * inputWidth, rows: rowCount, table: columns,
                                           into: target.baseAddress! + start, clamp: nil)
                }
            }
        }
    }

    /// out[x] = sum_k weight[row, k] * window[index[row, k]][x]. window: rows x outputWidth of one plane.
    private func sumAlongY(outputRow: Int, from window: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let taps = rows.taps
        for x in 0..<outputWidth { out[x] = 0 }
        for tap in 0..<taps {
            let weight = rows.weights[outputRow * taps + tap]
            let input = window + (Int(rows.indices[outputRow * taps + tap]) - windowStart) * outputWidth
            for x in 0..<outputWidth { out[x] += weight * input[x] }
        }
    }

    private mutating func dropRowsNoLongerRead() {
        let keepFrom = emitted < outputHeight ? min(firstRowKept[emitted], received) : received
        guard keepFrom > windowStart else { return }
        let dropped = (keepFrom - windowStart) * outputWidth
        for index in 0..<planes { window[index].removeFirst(dropped) }
        windowStart = keepFrom
    }
}
