import ArgumentParser
import Foundation
import StowawayCore

// ArgumentParser exits 64 on usage errors; stowaway promises 2 for any usage error or incomplete scan, so parsing
// and running are done here and every error is mapped to the documented exit codes.
func exit(for error: Error) -> Never {
    if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
    if let error = error as? StowawayError {
        CommandSupport.printError("stowaway: error: \(error.description)")
        Foundation.exit(ExitStatus.error.rawValue)
    }
    // Help and version requests arrive as errors too; they are successes.
    let message = Stowaway.fullMessage(for: error)
    if Stowaway.exitCode(for: error) == .success {
        print(message)
        Foundation.exit(0)
    }
    CommandSupport.printError(message)
    Foundation.exit(ExitStatus.error.rawValue)
}

InterruptHandling.install()
do {
    var command = try Stowaway.parseAsRoot()
    try command.run()
} catch {
    exit(for: error)
}
