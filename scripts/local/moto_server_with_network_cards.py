"""moto's server, with the network cards EC2 has (TEST DOUBLE: an extension of moto written here).

moto 5.x ignores AttachNetworkInterface's NetworkCardIndex, reports every attachment on card 0 and
keys an instance's interfaces by device index alone, so interfaces at one index on two cards
overwrite each other. EC2 numbers device indexes per card (AttachNetworkInterface,
DescribeNetworkInterfaces' Attachment.NetworkCardIndex). This keeps each interface's card, keys
the instance's interfaces by card and index, and reports both as EC2 does. Everything else is moto
as installed. Arguments are moto_server's (-H HOST -p PORT).
"""

import sys

from moto.core.responses import ActionResult
from moto.ec2.models import elastic_network_interfaces as enis
from moto.ec2.models.instances import Instance
from moto.ec2.responses.elastic_network_interfaces import ElasticNetworkInterfaces
from moto.server import main

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
    self.ec2_backend.get_network_interface(eni_id).network_card_index = card
    attachment = self.ec2_backend.attach_network_interface(
        eni_id, instance_id, card * CARD_STRIDE + device_index
    )
    return ActionResult({"AttachmentId": attachment.attachment_id, "NetworkCardIndex": card})


_detach_eni = Instance.detach_eni


def _detach_from_card(self, eni):
    _detach_eni(self, eni)
    eni.network_card_index = 0


enis.Attachment.__init__ = _attachment_on_its_card
ElasticNetworkInterfaces.attach_network_interface = _attach_on_card
Instance.detach_eni = _detach_from_card

if __name__ == "__main__":
    main(sys.argv[1:])
