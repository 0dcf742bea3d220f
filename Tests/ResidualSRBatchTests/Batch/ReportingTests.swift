import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch
import ResidualSRTestSupport

@Suite struct ReportingTests {
    @Test func byteCounts() throws {
        #expect(try ByteCount.parse("512M") == 512 << 20)
        #expect(try ByteCount.parse("1G") == 1 << 30)
        #expect(try ByteCount.parse("1.5GiB") == 3 << 29)
        #expect(try ByteCount.parse("800mb") == 800 << 20)
        #expect(try ByteCount.parse("4096") == 4096)
        for bad in ["", "G", "-1G", "12Q", "1.2.3M"] {
            #expect(throws: RSRError.self) { try ByteCount.parse(bad) }
        }
    }

    @Test func plainLinesAndSummary() {
        let captured = CapturedOutput()
        let reporter = captured.reporter(.lines)
        reporter.start(total: 3)
        reporter.report(FileReport(path: "a.png", output: "o/a_x2.png", status: .done, inputSize: [10, 20], outputSize: [20, 40],
                                   milliseconds: 12))
        reporter.report(FileReport(path: "b.png", output: "o/b_x2.png", status: .skipped))
        reporter.report(FileReport(path: "c.png", output: "o/c_x2.png", status: .failed, error: "c.png: truncated"))
        let summary = reporter.finish()
        #expect(summary.done == 1 && summary.skipped == 1 && summary.failed == 1)
        let lines = captured.value.split(separator: "\n").map(String.init)
        #expect(lines[0] == "done     a.png -> o/a_x2.png (10x20 -> 20x40, 12 ms)")
        #expect(lines[2] == "failed   c.png: truncated")
        #expect(lines[3].hasPrefix("1 done, 1 skipped, 1 failed in "))
    }

    @Test func barRedrawsInPlaceAndKeepsErrors() {
        let captured = CapturedOutput()
        let reporter = captured.reporter(.bar)
        reporter.start(total: 2)
        reporter.report(FileReport(path: "x.png", output: nil, status: .failed, error: "x.png: not a PNG"))
        reporter.report(FileReport(path: "y.png", output: "y2.png", status: .done, inputSize: [1000, 1000], outputSize: [2000, 2000]))
        reporter.finish()
        let text = captured.value
        #expect(text.contains("\r[############............] 1/2"))
        #expect(text.contains("\r[########################] 2/2"))
        #expect(text.contains("failed   x.png: not a PNG\n"))
        #expect(!text.contains("done     y.png"))
    }

    @Test func quietPrintsOnlyErrors() {
        let captured = CapturedOutput()
        let reporter = captured.reporter(.quiet)
        reporter.start(total: 2)
        reporter.report(FileReport(path: "a.png", output: "a2.png", status: .done))
        reporter.report(FileReport(path: "b.png", output: nil, status: .failed, error: "b.png: corrupt"))
        reporter.finish()
        #expect(captured.value == "failed   b.png: corrupt\n")
    }

    @Test func jsonLineFields() throws {
        let line = FileReport(path: "in/a.png", output: "out/a_x2.png", status: .done, inputSize: [3, 4], outputSize: [6, 8],
                              milliseconds: 5).jsonLine()
        #expect(line == #"{"input_size":[3,4],"ms":5,"output":"out/a_x2.png","output_size":[6,8],"path":"in/a.png","status":"done"}"#)
    }
}
