using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Probes;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Queues;

// Each queue's settings class checks the range annotations of QueueOptions; written by the options source generator.

[OptionsValidator]
internal sealed partial class FailureQueueOptionsValidator : IValidateOptions<FailureQueueOptions>;

[OptionsValidator]
internal sealed partial class ProbeQueueOptionsValidator : IValidateOptions<ProbeQueueOptions>;

[OptionsValidator]
internal sealed partial class DispatchQueueOptionsValidator : IValidateOptions<DispatchQueueOptions>;

[OptionsValidator]
internal sealed partial class EventOptionsValidator : IValidateOptions<EventOptions>;
