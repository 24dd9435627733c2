# Read-only Windows facts about a server through CIM (WS-Man), the WSMan configuration and the registry
# (read through the CIM StdRegProv class: GetStringValue, GetMultiStringValue, EnumKey - never a Set* method).

$script:HklmHive = [uint32]2147483650  # HKEY_LOCAL_MACHINE for StdRegProv
$script:RegistryKeys = @{
    WindowsNtCurrentVersion = 'SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    CbsRebootPending        = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing'
    WuRebootRequired        = 'SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update'
    SessionManager          = 'SYSTEM\CurrentControlSet\Control\Session Manager'
    Uninstall               = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'
    Uninstall32             = 'SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'
    VmmServerSetup          = 'SOFTWARE\Microsoft\Microsoft System Center Virtual Machine Manager Server\Setup'
}

function New-CollectorCimSession {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $ComputerName,
        [AllowNull()] [System.Management.Automation.PSCredential] $Credential,
        [int] $OperationTimeoutSec = 60
    )
    $parameters = @{ ComputerName = $ComputerName; OperationTimeoutSec = $OperationTimeoutSec; ErrorAction = 'Stop' }
    if ($null -ne $Credential) { $parameters['Credential'] = $Credential }
    return (New-CimSession @parameters)
}

function Remove-CollectorCimSession {
    [CmdletBinding()]
    param([AllowNull()] [object] $CimSession)
    if ($null -eq $CimSession) { return }
    try { Remove-CimSession -CimSession $CimSession -ErrorAction Stop } catch { Write-Verbose "Remove-CimSession: $($_.Exception.Message)" }
}

function Invoke-CollectorRegistryRead {
    <#
    .SYNOPSIS
        Calls one read method of the StdRegProv CIM class (root/default) on HKEY_LOCAL_MACHINE.
    .OUTPUTS
        The method's output value (sValue or sNames) or $null when the key or value does not exist.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $CimSession,
        [Parameter(Mandatory = $true)] [ValidateSet('GetStringValue', 'GetMultiStringValue', 'EnumKey', 'GetDWORDValue')] [string] $MethodName,
        [Parameter(Mandatory = $true)] [string] $SubKey,
        [string] $ValueName
    )
    $arguments = @{ hDefKey = $script:HklmHive; sSubKeyName = $SubKey }
    if ($MethodName -ne 'EnumKey') { $arguments['sValueName'] = $ValueName }
    $result = Invoke-CimMethod -CimSession $CimSession -Namespace 'root/default' -ClassName 'StdRegProv' -MethodName $MethodName -Arguments $arguments -ErrorAction Stop
    $returnValue = ConvertTo-CollectorInt (Get-CollectorPropertyValue $result 'ReturnValue')
    if ($null -ne $returnValue -and $returnValue -ne 0) {
        # 2 = ERROR_FILE_NOT_FOUND (key or value absent). Anything else (5 = access denied) is a failure.
        if ($returnValue -eq 2) { return $null }
        throw "StdRegProv.$MethodName returned $returnValue for HKLM\$SubKey$(if ($ValueName) { '\' + $ValueName })."
    }
    switch ($MethodName) {
        'EnumKey' { return (Get-CollectorPropertyValue $result 'sNames') }
        'GetDWORDValue' { return (Get-CollectorPropertyValue $result 'uValue') }
        default { return (Get-CollectorPropertyValue $result 'sValue') }
    }
}

function Get-CollectorInstalledSoftware {
    <#
    .SYNOPSIS
        Reads DisplayName/DisplayVersion of the Uninstall registry entries (64-bit and 32-bit views) whose
        DisplayName matches a pattern. Read-only alternative to Win32_Product (which triggers MSI repairs).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $CimSession,
        [Parameter(Mandatory = $true)] [string[]] $DisplayNamePattern,
        [AllowEmptyCollection()] [System.Collections.Generic.List[string]] $Unreadable
    )
    $found = New-Object System.Collections.Generic.List[object]
    foreach ($root in @($script:RegistryKeys.Uninstall, $script:RegistryKeys.Uninstall32)) {
        $subKeys = @(Invoke-CollectorRegistryRead -CimSession $CimSession -MethodName EnumKey -SubKey $root)
        foreach ($subKey in $subKeys) {
            if (-not $subKey) { continue }
            $path = $root + '\' + $subKey
            # One entry that cannot be read (access denied, a value of another registry type) must not hide the rest.
            try {
                $displayName = Invoke-CollectorRegistryRead -CimSession $CimSession -MethodName GetStringValue -SubKey $path -ValueName 'DisplayName'
                if (-not $displayName) { continue }
                $matched = $false
                foreach ($pattern in $DisplayNamePattern) { if ($displayName -like $pattern) { $matched = $true } }
                if (-not $matched) { continue }
                $displayVersion = Invoke-CollectorRegistryRead -CimSession $CimSession -MethodName GetStringValue -SubKey $path -ValueName 'DisplayVersion'
                $found.Add([pscustomobject]@{ DisplayName = [string]$displayName; DisplayVersion = [string]$displayVersion })
            }
            catch {
                if ($null -ne $Unreadable) { $Unreadable.Add(('HKLM\{0}: {1}' -f $path, $_.Exception.Message)) }
            }
        }
    }
    return $found.ToArray()
}

function Get-CollectorXmlText {
    <#
    .SYNOPSIS
        The text of a WS-Management configuration value. A setting that carries attributes (Source="GPO" when Group
        Policy sets it) comes back as an XmlElement instead of a string; its text is the value.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [object] $Value)
    if ($Value -is [System.Xml.XmlElement]) { return $Value.InnerText }
    return $Value
}

function Get-CollectorWindowsFacts {
    <#
    .SYNOPSIS
        Collects the contract's per-server Windows facts from one computer. Each failing source is recorded
        in the error list and leaves its part $null.
    .PARAMETER Include
        Os: Win32_OperatingSystem Caption/Version + registry InstallationType.
        Domain: Win32_ComputerSystem.PartOfDomain.
        PendingReboot: CBS RebootPending, WindowsUpdate RebootRequired, Session Manager PendingFileRenameOperations.
        Software: Windows ADK and Azure Site Recovery / Hyper-V Recovery Manager provider (Uninstall entries).
        WinRm: WS-Management service configuration (winrm/config/Service): MaxConcurrentOperationsPerUser, MaxConnections.
        VmmSetup: VMM server setup registry key (VmmServiceAccount).
        VmmService: Win32_Service.StartName of the VMM service SCVMMService (its logon account).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $ComputerName,
        [AllowNull()] [System.Management.Automation.PSCredential] $Credential,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList,
        [ValidateSet('Os', 'Domain', 'PendingReboot', 'Software', 'WinRm', 'VmmSetup', 'VmmService')] [string[]] $Include = @('Os')
    )
    $facts = [ordered]@{
        os                   = $null
        domainJoined         = $null
        pendingReboot        = $null
        adkVersion           = $null
        siteRecoveryProvider = $null
        winRm                = $null
        vmmServiceAccount    = $null
        vmmServiceStartName  = $null
    }
    $computer = $ComputerName
    $cimNeeded = @($Include | Where-Object { $_ -ne 'WinRm' }).Count -gt 0
    $session = $null
    if ($cimNeeded) {
        $session = Invoke-CollectorStep -ErrorList $ErrorList -Source 'cim:session' -Target $computer -ScriptBlock {
            New-CollectorCimSession -ComputerName $computer -Credential $Credential
        }
    }
    try {
        if ($null -ne $session) {
            if ($Include -contains 'Os') {
                $os = Invoke-CollectorStep -ErrorList $ErrorList -Source 'cim:Win32_OperatingSystem' -Target $computer -ScriptBlock {
                    Get-CimInstance -CimSession $session -ClassName 'Win32_OperatingSystem' -Property 'Caption', 'Version', 'BuildNumber' -ErrorAction Stop |
                        Select-Object -First 1
                }
                $build = $null
                if ($null -ne $os) {
                    $build = ConvertTo-WindowsBuild (Get-CollectorPropertyValue $os 'Version') -BuildNumber (Get-CollectorPropertyValue $os 'BuildNumber')
                }
                if ($null -ne $build) {
                    $installationType = Invoke-CollectorStep -ErrorList $ErrorList -Source 'registry:InstallationType' -Target $computer -ScriptBlock {
                        Invoke-CollectorRegistryRead -CimSession $session -MethodName GetStringValue -SubKey $script:RegistryKeys.WindowsNtCurrentVersion -ValueName 'InstallationType'
                    }
                    $caption = Get-CollectorPropertyValue $os 'Caption'
                    if ($null -ne $caption) { $caption = ([string]$caption).Trim() }
                    Add-CollectorTrace -Source 'cim:Win32_OperatingSystem' -Target $computer -Item 'Caption, Version, BuildNumber, registry InstallationType' -RawValue ('{0}, {1}, {2}, {3}' -f (Get-CollectorPropertyValue $os 'Caption'), (Get-CollectorPropertyValue $os 'Version'), (Get-CollectorPropertyValue $os 'BuildNumber'), $installationType) -Interpretation ('os.build = {0}, installationType = {1}' -f $build, (ConvertTo-InstallationType $installationType))
                    $facts.os = [pscustomobject][ordered]@{
                        caption          = $caption
                        build            = $build
                        installationType = (ConvertTo-InstallationType $installationType)
                    }
                }
                elseif ($null -ne $os) {
                    Add-CollectionError -ErrorList $ErrorList -Source 'cim:Win32_OperatingSystem' -Target $computer -Message 'Win32_OperatingSystem returned no usable Version.'
                }
            }
            if ($Include -contains 'Domain') {
                $computerSystem = Invoke-CollectorStep -ErrorList $ErrorList -Source 'cim:Win32_ComputerSystem' -Target $computer -ScriptBlock {
                    Get-CimInstance -CimSession $session -ClassName 'Win32_ComputerSystem' -Property 'PartOfDomain', 'Domain' -ErrorAction Stop |
                        Select-Object -First 1
                }
                if ($null -ne $computerSystem) { $facts.domainJoined = ConvertTo-CollectorBool (Get-CollectorPropertyValue $computerSystem 'PartOfDomain') }
            }
            if ($Include -contains 'PendingReboot') {
                $facts.pendingReboot = Invoke-CollectorStep -ErrorList $ErrorList -Source 'registry:PendingReboot' -Target $computer -ScriptBlock {
                    $pending = $false
                    $cbs = @(Invoke-CollectorRegistryRead -CimSession $session -MethodName EnumKey -SubKey $script:RegistryKeys.CbsRebootPending)
                    if ($cbs -contains 'RebootPending') { $pending = $true }
                    $wu = @(Invoke-CollectorRegistryRead -CimSession $session -MethodName EnumKey -SubKey $script:RegistryKeys.WuRebootRequired)
                    if ($wu -contains 'RebootRequired') { $pending = $true }
                    # PendingFileRenameOperations alone is not taken as a pending reboot: antivirus and agents leave
                    # entries there on many servers, which made most servers look as if they needed a restart.
                    $renames = @(Invoke-CollectorRegistryRead -CimSession $session -MethodName GetMultiStringValue -SubKey $script:RegistryKeys.SessionManager -ValueName 'PendingFileRenameOperations' | Where-Object { $_ })
                    Add-CollectorTrace -Source 'registry:PendingReboot' -Target $computer -Item 'CBS RebootPending, WU RebootRequired, PendingFileRenameOperations' -RawValue ('{0}, {1}, {2} entries' -f ($cbs -contains 'RebootPending'), ($wu -contains 'RebootRequired'), $renames.Count) -Interpretation ('pendingReboot = ' + $pending + ' (file renames alone are not counted)')
                    $pending
                }
            }
            if ($Include -contains 'Software') {
                $unreadable = New-Object System.Collections.Generic.List[string]
                # Provider names Microsoft uses: "Microsoft Azure Site Recovery Provider", and for the older provider
                # "Windows Azure Hyper-V Recovery Manager Provider" / "Microsoft Azure Hyper-V Recovery Manager Provider".
                $software = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'registry:Uninstall' -Target $computer -ScriptBlock {
                    Get-CollectorInstalledSoftware -CimSession $session -Unreadable $unreadable -DisplayNamePattern @(
                        'Windows Assessment and Deployment Kit*',
                        '*Azure Site Recovery Provider*',
                        '*Hyper-V Recovery Manager*'
                    )
                }
                if ($unreadable.Count -gt 0) {
                    Add-CollectionError -ErrorList $ErrorList -Source 'registry:Uninstall' -Target $computer -Message ('{0} Uninstall entr(y/ies) could not be read and were skipped: {1}' -f $unreadable.Count, ($unreadable -join '; '))
                }
                if ($null -ne $software) {
                    Add-CollectorTrace -Source 'registry:Uninstall' -Target $computer -Item 'DisplayName = DisplayVersion (ADK, Site Recovery / Hyper-V Recovery Manager provider)' -RawValue @($software | ForEach-Object { '{0} = {1}' -f $_.DisplayName, $_.DisplayVersion }) -Interpretation 'adkVersion and siteRecoveryProvider'
                }
                if ($null -ne $software) {
                    $adk = @($software | Where-Object { $_.DisplayName -like 'Windows Assessment and Deployment Kit*' -and $_.DisplayName -notlike '*Preinstallation*' -and $_.DisplayName -notlike '*PE add-on*' } |
                            Sort-Object { ConvertTo-CollectorVersion $_.DisplayVersion } -Descending | Select-Object -First 1)
                    if ($adk.Count -gt 0 -and $adk[0].DisplayVersion) { $facts.adkVersion = [string]$adk[0].DisplayVersion }
                    $asr = @($software | Where-Object { $_.DisplayName -notlike 'Windows Assessment*' } | Select-Object -First 1)
                    if ($asr.Count -gt 0) {
                        $asrVersion = $null
                        if ($asr[0].DisplayVersion) { $asrVersion = [string]$asr[0].DisplayVersion }
                        $facts.siteRecoveryProvider = [pscustomobject][ordered]@{ installed = $true; version = $asrVersion }
                    }
                    else {
                        $facts.siteRecoveryProvider = [pscustomobject][ordered]@{ installed = $false; version = $null }
                    }
                }
            }
            if ($Include -contains 'VmmService') {
                # Microsoft's upgrade guidance reads the VMM service account from the service's Log On identity.
                $service = Invoke-CollectorStep -ErrorList $ErrorList -Source 'cim:Win32_Service' -Target $computer -ScriptBlock {
                    Get-CimInstance -CimSession $session -ClassName 'Win32_Service' -Filter "Name='SCVMMService'" -Property 'Name', 'StartName' -ErrorAction Stop |
                        Select-Object -First 1
                }
                $startName = Get-CollectorPropertyValue $service 'StartName'
                if ($null -ne $startName) { $facts.vmmServiceStartName = [string]$startName }
            }
            if ($Include -contains 'VmmSetup') {
                $facts.vmmServiceAccount = Invoke-CollectorStep -ErrorList $ErrorList -Source 'registry:VmmServerSetup' -Target $computer -ScriptBlock {
                    Invoke-CollectorRegistryRead -CimSession $session -MethodName GetStringValue -SubKey $script:RegistryKeys.VmmServerSetup -ValueName 'VmmServiceAccount'
                }
            }
        }
        if ($Include -contains 'WinRm') {
            $wsman = Invoke-CollectorStep -ErrorList $ErrorList -Source 'wsman:winrm/config/Service' -Target $computer -ScriptBlock {
                $parameters = @{ ResourceURI = 'winrm/config/Service'; ComputerName = $computer; ErrorAction = 'Stop' }
                if ($null -ne $Credential) { $parameters['Credential'] = $Credential }
                Get-WSManInstance @parameters
            }
            if ($null -ne $wsman) {
                Add-CollectorTrace -Source 'wsman:winrm/config/Service' -Target $computer -Item 'MaxConcurrentOperationsPerUser, MaxConnections' -RawValue ('{0}, {1}' -f (Get-CollectorXmlText (Get-CollectorPropertyValue $wsman 'MaxConcurrentOperationsPerUser')), (Get-CollectorXmlText (Get-CollectorPropertyValue $wsman 'MaxConnections'))) -Interpretation 'winRm.maxConcurrentOperationsPerUser, winRm.maxConnections'
                $facts.winRm = [pscustomobject][ordered]@{
                    maxConcurrentOperationsPerUser = ConvertTo-CollectorInt (Get-CollectorXmlText (Get-CollectorPropertyValue $wsman 'MaxConcurrentOperationsPerUser'))
                    maxConnections                 = ConvertTo-CollectorInt (Get-CollectorXmlText (Get-CollectorPropertyValue $wsman 'MaxConnections'))
                }
            }
        }
    }
    finally {
        Remove-CollectorCimSession -CimSession $session
    }
    return [pscustomobject]$facts
}
