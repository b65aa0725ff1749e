import ArgumentParser
import Foundation
import StowawayCore

// ArgumentParser exits 64 on usage errors; stowaway promises 2 for any usage error or incomplete scan, so parsing
// and running are done here and every error is mapped to the documented exit codes.
do {
    var command = try Stowaway.parseAsRoot()
    do {
        try command.run()
    } catch let exit as ExitCode {
        Foundation.exit(exit.rawValue)
    } catch let error as StowawayError {
        CommandSupport.printError("stowaway: error: \(error.description)")
        Foundation.exit(ExitStatus.error.rawValue)
    } catch {
        CommandSupport.printError("stowaway: error: \(error)")
        Foundation.exit(ExitStatus.error.rawValue)
    }
} catch {
    let code = Stowaway.exitCode(for: error)
    let message = Stowaway.fullMessage(for: error)
    if code == .success {
        print(message)
        Foundation.exit(0)
    }
    CommandSupport.printError(message)
    Foundation.exit(ExitStatus.error.rawValue)
}
