import Foundation
import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

@Suite struct PSNRTests {
    @Test func handComputed() {
        let a = MetricPlane(width: 2, height: 2, samples: [0, 0, 0, 0])
        let b = MetricPlane(width: 2, height: 2, samples: [0, 0, 0, 2])
        // MSE = 1 -> 10 log10(255^2) = 48.1308...
        #expect(abs(MetricPlane.psnr(a, b) - 48.130803608679104) < 1e-12)
        #expect(MetricPlane.psnr(a, a) == .infinity)
    }
}
