"""moto's server with two EC2 behaviours moto 5.x lacks (TEST DOUBLE: an extension of moto written here).

1. Network cards. moto ignores AttachNetworkInterface's NetworkCardIndex, reports every attachment
   on card 0 and keys an instance's interfaces by device index alone, so interfaces at one index on
   two cards overwrite each other. EC2 numbers device indexes per card. Here each interface keeps
   its card, the instance's interfaces are keyed by card and index, and both are reported.
2. Elastic IPs on secondary private addresses. moto ignores AssociateAddress's PrivateIpAddress and
   binds every Elastic IP of an interface to its primary address. EC2 binds it to the address asked
   for (the primary when none is). Here the association keeps that address, DescribeAddresses
   reports it (and filters on it), and only an association with the primary address sets or clears
   the interface's public IP.

RunInstances still launches every interface on card 0 (the component attaches the others after).
Everything else is moto as installed. Arguments are moto_server's (-H HOST -p PORT); `--check`
only checks that the installed moto is the one this extends.
"""

import sys
import threading

import moto

# Written against moto 5.2.1's internals (the classes and methods patched below).
MOTO_VERSION = "5.2.1"
if moto.__version__ != MOTO_VERSION:
    sys.exit(
        f"moto {moto.__version__} is installed; the tests' EC2 emulator extends moto {MOTO_VERSION}: "
        f'python3 -m pip install "moto[server]=={MOTO_VERSION}"'
    )
if sys.argv[1:] == ["--check"]:
    sys.exit(0)

from moto.core.responses import ActionResult
from moto.ec2.models import elastic_network_interfaces as enis
from moto.ec2.models.elastic_ip_addresses import ElasticAddress, ElasticAddressBackend
from moto.ec2.models.instances import Instance
from moto.ec2.responses.elastic_ip_addresses import ElasticIPAddresses
from moto.ec2.responses.elastic_network_interfaces import ElasticNetworkInterfaces
from moto.server import main

# --- 1. Network cards -------------------------------------------------------------------------

# The key of an interface in moto's per-instance table: card c's index i as c * CARD_STRIDE + i
# (EC2 allows at most 16 interfaces per card, so keys never collide).
CARD_STRIDE = 100

_attachment_init = enis.Attachment.__init__


def _attachment_on_its_card(self, eni):
    _attachment_init(self, eni)
    card = getattr(eni, "network_card_index", 0)
    self.network_card_index = card
    if self.device_index is not None:
        self.device_index = self.device_index - card * CARD_STRIDE


def _attach_on_card(self):
    eni_id = self._get_param("NetworkInterfaceId")
    instance_id = self._get_param("InstanceId")
    device_index = int(self._get_param("DeviceIndex"))
    card = int(self._get_param("NetworkCardIndex") or 0)
    self.error_on_dryrun()
    attachment = self.ec2_backend.attach_network_interface(eni_id, instance_id, card * CARD_STRIDE + device_index)
    self.ec2_backend.get_network_interface(eni_id).network_card_index = card
    return ActionResult({"AttachmentId": attachment.attachment_id, "NetworkCardIndex": card})


_detach_eni = Instance.detach_eni


def _detach_from_card(self, eni):
    _detach_eni(self, eni)
    eni.network_card_index = 0


enis.Attachment.__init__ = _attachment_on_its_card
ElasticNetworkInterfaces.attach_network_interface = _attach_on_card
Instance.detach_eni = _detach_from_card

# --- 2. Elastic IPs on secondary private addresses --------------------------------------------


def _bound_private_ip(eip):
    """The private address the association names: the one asked for, else the interface's primary."""
    if not eip.eni:
        return None
    return getattr(eip, "bound_private_ip", None) or eip.eni.private_ip_address


def _on_secondary(eip):
    return eip.eni is not None and _bound_private_ip(eip) != eip.eni.private_ip_address


# The request's PrivateIpAddress, for the backend call the response handler makes (moto's server
# answers requests on several threads).
_request = threading.local()
_associate_response = ElasticIPAddresses.associate_address


def _associate_response_with_private_ip(self):
    _request.private_ip = self._get_param("PrivateIpAddress")
    try:
        return _associate_response(self)
    finally:
        _request.private_ip = None


def _held_private_ips(eni):
    return [a["PrivateIpAddress"] for a in eni.private_ip_addresses] or [eni.private_ip_address]


_associate = ElasticAddressBackend.associate_address


def _associate_to_private_ip(self, instance=None, eni=None, address=None, allocation_id=None, reassociate=False):
    private_ip = getattr(_request, "private_ip", None)
    # With an instance, EC2 associates with its primary interface.
    target = eni or (instance.nics.get(0) if instance else None)
    if private_ip and target is not None and private_ip not in _held_private_ips(target):
        self.raise_error("InvalidParameterValue", f"The address {private_ip} is not assigned to {target.id}")
    eip = (self.address_by_ip([address]) if address else self.address_by_allocation([allocation_id]))[0]
    previous = eip.eni
    kept_public_ip = target.public_ip if target is not None else None
    result = _associate(self, instance, eni, address, allocation_id, reassociate)
    eip.bound_private_ip = private_ip or None
    if eip.eni is not None and _on_secondary(eip):
        # The interface's own public IP belongs to its primary address; not this one, which moved.
        eip.eni.public_ip = kept_public_ip if kept_public_ip != eip.public_ip else None
    if previous is not None and previous is not eip.eni and previous.public_ip == eip.public_ip:
        previous.public_ip = None  # moved away from another interface's primary address
    return result


_disassociate = ElasticAddressBackend.disassociate_address


def _disassociate_keeping_primary(self, address=None, association_id=None):
    eips = self.address_by_ip([address]) if address else self.address_by_association([association_id])
    eip = eips[0]
    eni = eip.eni
    kept_public_ip = eni.public_ip if eni is not None and _on_secondary(eip) else None
    _disassociate(self, address=address, association_id=association_id)
    eip.bound_private_ip = None
    if kept_public_ip is not None:
        eni.public_ip = kept_public_ip


_get_filter_value = ElasticAddress.get_filter_value


def _filter_on_bound_private_ip(self, filter_name):
    if filter_name == "private-ip-address":
        return _bound_private_ip(self)
    return _get_filter_value(self, filter_name)


ElasticIPAddresses.associate_address = _associate_response_with_private_ip
ElasticAddressBackend.associate_address = _associate_to_private_ip
ElasticAddressBackend.disassociate_address = _disassociate_keeping_primary
ElasticAddress.private_ip_address = property(_bound_private_ip)
ElasticAddress.get_filter_value = _filter_on_bound_private_ip

if __name__ == "__main__":
    main(sys.argv[1:])
